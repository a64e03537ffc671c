{{/* Names and fragments shared by the Medusa engine's objects. */}}

{{- define "medusa.serverName" -}}
{{- printf "%s-medusa" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{- define "medusa.uploadsName" -}}
{{- printf "%s-medusa-uploads" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{- define "medusa.postgresName" -}}
{{- printf "%s-postgres" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{- define "medusa.redisName" -}}
{{- printf "%s-redis" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{- define "medusa.setupName" -}}
{{- printf "%s-setup" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{/*
What the Medusa server and its CLI read (medusa-config of the image). Passwords and signing secrets
come only from the platform's Secret; DATABASE_URL refers to DB_PASSWORD with Kubernetes' $(VAR)
expansion, so the password is never written into the pod spec. The platform's passwords are
alphanumeric, so they need no escaping inside the URL. The store's PostgreSQL serves no TLS, and
Medusa asks every database host but localhost for TLS unless the URL says sslmode=disable (migrate
and start alike). The store's own URL is the only origin allowed for the store, admin and auth APIs.
*/}}
{{- define "medusa.env" -}}
{{- $db := .Values.medusa.postgres -}}
{{- $url := include "ecommerce-store.url" . -}}
- name: NODE_ENV
  value: production
# Stores have no egress but DNS and their own database: the CLI's usage telemetry would only wait on the network.
- name: MEDUSA_DISABLE_TELEMETRY
  value: "true"
- name: PORT
  value: "9000"
{{ include "ecommerce-store.secretEnv" (dict "ctx" . "name" "DB_PASSWORD" "key" "db-password") }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DB_PASSWORD)@%s:5432/%s?sslmode=disable" $db.user (include "medusa.postgresName" .) $db.database | quote }}
- name: REDIS_URL
  value: {{ printf "redis://%s:6379" (include "medusa.redisName" .) | quote }}
{{ include "ecommerce-store.secretEnv" (dict "ctx" . "name" "JWT_SECRET" "key" "jwt-secret") }}
{{ include "ecommerce-store.secretEnv" (dict "ctx" . "name" "COOKIE_SECRET" "key" "cookie-secret") }}
- name: STORE_CORS
  value: {{ $url | quote }}
- name: ADMIN_CORS
  value: {{ $url | quote }}
- name: AUTH_CORS
  value: {{ $url | quote }}
- name: MEDUSA_BACKEND_URL
  value: {{ $url | quote }}
# Writable home for npm and Node under the read-only root.
- name: HOME
  value: /tmp
{{- end }}

{{/* The uploads volume, where Medusa's local file provider keeps product images. */}}
{{- define "medusa.uploadsVolumeMount" -}}
- name: uploads
  mountPath: {{ printf "%s/static" .Values.medusa.server.workDir }}
  # A subdirectory keeps the volume's lost+found out of what the server serves.
  subPath: static
{{- end }}
