{{/*
Names and labels of the platform's objects, made in this one place.
*/}}

{{- define "urumi.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* "urumi" for a release named urumi (the usual case), else "<release>-urumi". */}}
{{- define "urumi.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains (include "urumi.name" .) .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "urumi.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{- define "urumi.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{- define "urumi.selectorLabels" -}}
app.kubernetes.io/name: {{ include "urumi.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: platform
{{- end }}

{{- define "urumi.labels" -}}
{{ include "urumi.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: urumi
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "urumi.chart" . }}
{{- end }}

{{- define "urumi.serviceAccountName" -}}
{{- include "urumi.fullname" . -}}
{{- end }}

{{/* Cluster-scoped names carry the release's full name, so two installs never collide. */}}
{{- define "urumi.platformRoleName" -}}
{{- printf "%s-platform" (include "urumi.fullname" .) -}}
{{- end }}

{{- define "urumi.installerRoleName" -}}
{{- .Values.rbac.installerRoleName | default (printf "%s-store-installer" (include "urumi.fullname" .)) -}}
{{- end }}

{{- define "urumi.adminSecretName" -}}
{{- .Values.admin.existingSecret | default (printf "%s-admin" (include "urumi.fullname" .)) -}}
{{- end }}

{{- define "urumi.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end }}

{{/* "true" when the namespace guard (ValidatingAdmissionPolicy, Kubernetes 1.30+) is rendered. */}}
{{- define "urumi.namespaceGuard" -}}
{{- $mode := toString .Values.rbac.namespaceGuard -}}
{{- if or (eq $mode "true") (and (eq $mode "auto") (.Capabilities.APIVersions.Has "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy")) -}}
true
{{- end -}}
{{- end }}

{{/* True (non-empty) when the platform uses an external PostgreSQL instead of the embedded H2 file. */}}
{{- define "urumi.postgres" -}}
{{- if hasPrefix "jdbc:postgresql:" .Values.database.url }}true{{ end -}}
{{- end }}
