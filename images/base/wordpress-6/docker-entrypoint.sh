#!/bin/bash
# Entrypoint of the local wordpress stand-in, written for it (see README.md). Before Apache (a command
# starting with apache2): when the document root (the working directory) holds no WordPress, copies
# /usr/src/wordpress into it, leaving plugins and themes already there alone; when it has no wp-config.php and
# WORDPRESS_* variables are set, writes one from wp-config-docker.php with fresh keys. Then runs the command.
set -euo pipefail

log() { echo "wordpress-entrypoint: $*" >&2; }

copy_wordpress() {
  local create=(--create --file - --directory /usr/src/wordpress) extract=(--extract --file -) path
  if [[ $(id -u) -eq 0 ]]; then
    # As root (no securityContext): the files belong to the user Apache runs as ('#33' is Apache's numeric form).
    local user=${APACHE_RUN_USER:-www-data} group=${APACHE_RUN_GROUP:-www-data}
    user=${user#'#'} group=${group#'#'}
    [[ $(stat -c %u:%g .) != 0:0 ]] || chown "$user:$group" .
    create+=(--owner "$user" --group "$group")
  else
    # A non-root user may not change the times or mode of the mounted directory itself.
    extract+=(--no-overwrite-dir)
  fi
  log "no WordPress in $PWD: copying /usr/src/wordpress"
  [[ -z $(find . -mindepth 1 -maxdepth 1 ! -name wp-content) ]] || log "$PWD is not empty: copying over what is there"
  # A plugin or theme on the volume may be newer than this image's: keep it.
  for path in /usr/src/wordpress/.htaccess /usr/src/wordpress/wp-content/*/*/; do
    path=${path%/}
    path=${path#/usr/src/wordpress/}
    if [[ -e $path ]]; then
      log "keeping $PWD/$path"
      create+=(--exclude "./$path")
    fi
  done
  # The entries of /usr/src/wordpress, not "." itself: tar would try to set the mode of the mounted directory,
  # which its user may write to (fsGroup) without owning it.
  local entries=()
  mapfile -t entries < <(cd /usr/src/wordpress && find . -mindepth 1 -maxdepth 1 | LC_ALL=C sort)
  tar "${create[@]}" "${entries[@]}" | tar "${extract[@]}"
  log "WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" wp-includes/version.php) copied to $PWD"
}

# wp-config.php from the template, each "generated-at-first-start" replaced by its own random string.
write_config() {
  local template=$1 line key
  log "no wp-config.php in $PWD: writing it from $template (settings from WORDPRESS_* variables)"
  while IFS= read -r line || [[ -n $line ]]; do
    while [[ $line == *generated-at-first-start* ]]; do
      key=$(head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_')
      line=${line/generated-at-first-start/$key}
    done
    printf '%s\n' "$line"
  done <"$template" >wp-config.php
  if [[ $(id -u) -eq 0 ]]; then
    local user=${APACHE_RUN_USER:-www-data} group=${APACHE_RUN_GROUP:-www-data}
    # A volume that refuses chown (some NFS) still serves the file.
    chown "${user#'#'}:${group#'#'}" wp-config.php || true
  fi
}

if [[ ${1:-} == apache2* ]]; then
  if [[ ! -e index.php && ! -e wp-includes/version.php ]]; then
    copy_wordpress
  fi
  if [[ ! -s wp-config.php ]] && compgen -v WORDPRESS_ >/dev/null; then
    for template in wp-config-docker.php /usr/src/wordpress/wp-config-docker.php; do
      if [[ -s $template ]]; then
        write_config "$template"
        break
      fi
    done
  fi
fi
exec "$@"
