{{/* Names and fragments shared by the WooCommerce engine's objects. */}}

{{- define "woocommerce.wordpressName" -}}
{{- printf "%s-wordpress" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{- define "woocommerce.mysqlName" -}}
{{- printf "%s-mysql" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{- define "woocommerce.setupName" -}}
{{- printf "%s-setup" (include "ecommerce-store.fullname" .) -}}
{{- end }}

{{/*
Database settings read by the image's wp-config.php (getenv at request time, so the password
stays in the Secret and in the environment, never in a file). The web pod and the setup Job
share them because WP-CLI loads the same wp-config.php from the shared volume.
*/}}
{{- define "woocommerce.dbEnv" -}}
- name: WORDPRESS_DB_HOST
  value: {{ printf "%s:3306" (include "woocommerce.mysqlName" .) | quote }}
- name: WORDPRESS_DB_NAME
  value: {{ .Values.woocommerce.mysql.database | quote }}
- name: WORDPRESS_DB_USER
  value: {{ .Values.woocommerce.mysql.user | quote }}
{{ include "ecommerce-store.secretEnv" (dict "ctx" . "name" "WORDPRESS_DB_PASSWORD" "key" "db-password") }}
{{- end }}

{{/* The document root volume: one PVC holds WordPress core, wp-config.php, plugins and uploads. */}}
{{- define "woocommerce.htmlVolumeMount" -}}
- name: html
  mountPath: /var/www/html
  # A subdirectory keeps the volume's lost+found out of the document root.
  subPath: wordpress
{{- end }}

{{- define "woocommerce.testName" -}}
{{- printf "%s-test" (include "ecommerce-store.fullname" .) -}}
{{- end }}
