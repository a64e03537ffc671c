{{/*
Names, labels and shared fragments of a store release. Every name and label is made here.
*/}}

{{- define "ecommerce-store.name" -}}
{{- .Chart.Name -}}
{{- end }}

{{/*
Prefix of every object name. The platform's release names are "urumi-<id>"; 40 characters leave
room for the longest suffix ("-mysql-headless") within a DNS label and keep the StatefulSet's
name short enough for its controller-revision-hash label.
*/}}
{{- define "ecommerce-store.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end }}

{{- define "ecommerce-store.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Name of the platform's credentials Secret; rendering stops without it. */}}
{{- define "ecommerce-store.secretName" -}}
{{- required "existingSecret is required: name of the Secret (keys admin-user, admin-password, db-password, db-root-password, jwt-secret, cookie-secret) that the platform creates in the release namespace before installing" .Values.existingSecret -}}
{{- end }}

{{- define "ecommerce-store.storeId" -}}
{{- required "store.id is required: the store's DNS-1123 label" .Values.store.id -}}
{{- end }}

{{- define "ecommerce-store.host" -}}
{{- required "ingress.host is required: the store's public host name" .Values.ingress.host -}}
{{- end }}

{{- define "ecommerce-store.url" -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) (include "ecommerce-store.host" .) -}}
{{- end }}

{{- define "ecommerce-store.title" -}}
{{- .Values.store.title | default .Values.store.id -}}
{{- end }}

{{/* The Service every engine puts in front of its web pods; the Ingress points at it. */}}
{{- define "ecommerce-store.webServiceName" -}}
{{- printf "%s-web" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{/*
Labels that stay the same for the life of a store. Usable where Kubernetes forbids later
changes: selectors and StatefulSet volumeClaimTemplates (so a chart upgrade never has to
edit them). Context: dict with "ctx" (the root) and "component" (web, database, setup).
*/}}
{{- define "ecommerce-store.stableLabels" -}}
app.kubernetes.io/managed-by: urumi
urumi.io/store: {{ include "ecommerce-store.storeId" .ctx | quote }}
{{ include "ecommerce-store.selectorLabels" . }}
{{- end }}

{{/* Full label set for every object and pod template. Context: dict "ctx", "component". */}}
{{- define "ecommerce-store.labels" -}}
{{ include "ecommerce-store.stableLabels" . }}
app.kubernetes.io/version: {{ include "ecommerce-store.appVersion" .ctx | quote }}
helm.sh/chart: {{ include "ecommerce-store.chart" .ctx }}
{{- end }}

{{/*
Version of what the store runs, for the version label: the chart's appVersion is WordPress's, so a
Medusa store names its server image's tag instead.
*/}}
{{- define "ecommerce-store.appVersion" -}}
{{- if eq .Values.engine "medusa" -}}
{{- .Values.medusa.server.image.tag | toString | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- .Chart.AppVersion -}}
{{- end -}}
{{- end }}

{{/* Selector labels; immutable once a Deployment or StatefulSet exists. Context: dict "ctx", "component". */}}
{{- define "ecommerce-store.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ecommerce-store.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Pod-level security context for the restricted profile. Context: the numeric uid, also used as
group and fsGroup so the pod can write its volumes. OnRootMismatch skips the recursive
ownership walk of a large volume on every start.
*/}}
{{- define "ecommerce-store.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security context for the restricted profile. Context: the numeric uid. */}}
{{- define "ecommerce-store.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* An env var read from the platform's credentials Secret. Context: dict "ctx", "name", "key". */}}
{{- define "ecommerce-store.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "ecommerce-store.secretName" .ctx }}
      key: {{ .key }}
{{- end }}

{{- define "ecommerce-store.image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end }}
