#!/bin/sh
# What the official Node images run first: a command that is an option (-e ...) or not a command on PATH
# (a script file) is run with node; anything else as it is.
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
