#!/bin/bash
# Entrypoint of the local postgres stand-in, written for it (see README.md). On the first start with an
# empty $PGDATA: initdb, the superuser $POSTGRES_USER with $POSTGRES_PASSWORD, the database $POSTGRES_DB,
# then /docker-entrypoint-initdb.d/*.sh, *.sql and *.sql.gz in name order. Then the server, in the foreground.
set -euo pipefail

log() { echo "postgres-entrypoint: $*" >&2; }

# VAR or VAR_FILE (a file holding the value, e.g. a mounted Secret), not both.
file_env() {
  local var=$1 default=${2:-} file_var=${1}_FILE
  if [[ -n ${!var:-} && -n ${!file_var:-} ]]; then
    log "both $var and $file_var are set; use one"
    exit 1
  fi
  local value=$default
  if [[ -n ${!var:-} ]]; then
    value=${!var}
  elif [[ -n ${!file_var:-} ]]; then
    value=$(<"${!file_var}")
  fi
  export "$var"="$value"
  unset "$file_var"
}

# Runs SQL (stdin) against the temporary server: as the superuser, over the local socket.
psql_local() { psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --no-password "$@"; }

init_cluster() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  local auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [[ -z $POSTGRES_PASSWORD && $auth != trust ]]; then
    log "the database is not initialised and POSTGRES_PASSWORD is empty: set it (or POSTGRES_HOST_AUTH_METHOD=trust, which lets anyone in)"
    exit 1
  fi
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  log "initialising $PGDATA"
  local pwfile
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS holds several words on purpose
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host="$auth" \
    --encoding=UTF8 $POSTGRES_INITDB_ARGS >&2
  rm -f "$pwfile"
  {
    echo
    echo "# Added by the image's entrypoint: clients from anywhere, with a password."
    echo "host all all all $auth"
  } >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.auto.conf"

  # A temporary server on the local socket only, for the database and the init scripts.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start >&2
  if [[ $POSTGRES_DB != postgres ]]; then
    psql_local --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";' >&2
  fi
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [[ -e $f ]] || continue
    case $f in
      *.sh)
        if [[ -x $f ]]; then
          log "running $f"
          "$f"
        else
          log "sourcing $f"
          # shellcheck disable=SC1090
          . "$f"
        fi ;;
      *.sql) log "running $f"; psql_local --dbname "$POSTGRES_DB" -f "$f" >&2 ;;
      *.sql.gz) log "running $f"; gzip -dc "$f" | psql_local --dbname "$POSTGRES_DB" >&2 ;;
      *) log "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >&2
  log "initialised; starting"
}

# `docker run image -c foo=bar`: options for the server.
if [[ ${1:-} == -* ]]; then
  set -- postgres "$@"
fi

if [[ ${1:-} == postgres ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    # As root (no securityContext): fix what the postgres user must own, then run as it.
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 0700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
  fi
  if [[ ! -s $PGDATA/PG_VERSION ]]; then
    init_cluster
  fi
  unset POSTGRES_PASSWORD
fi
exec "$@"
