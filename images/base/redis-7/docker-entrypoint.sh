#!/bin/sh
# Entrypoint of the local redis stand-in, written for it (see README.md): options alone run redis-server
# with them; started as root, it hands /data to the redis user and drops to it.
set -eu
if [ "${1#-}" != "${1:-}" ] || [ "${1:-}" = "" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  chown -R redis:redis /data 2>/dev/null || true
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
exec "$@"
