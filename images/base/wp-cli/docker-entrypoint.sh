#!/bin/sh
# Entrypoint of the local wp-cli stand-in, written for it (see README.md): options alone, or a first word that
# is no command here (a WP-CLI subcommand such as `core`), run with wp; anything else runs as it is.
set -eu
if [ "${1#-}" != "${1:-}" ] || { [ -n "${1:-}" ] && ! command -v "$1" >/dev/null 2>&1; }; then
  set -- wp "$@"
fi
exec "$@"
