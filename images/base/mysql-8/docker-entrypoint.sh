#!/bin/bash
# Entrypoint of the local mysql stand-in, written for it (see README.md). On the first start with an empty
# data directory: mariadb-install-db, then, on a temporary server without networking, the time zones, the
# root password (root@localhost and root@$MYSQL_ROOT_HOST), the database $MYSQL_DATABASE, the user
# $MYSQL_USER@'%' with $MYSQL_PASSWORD and every right on that database, then /docker-entrypoint-initdb.d/*.sh,
# *.sql and *.sql.gz in name order. Then the server, in the foreground.
set -euo pipefail
shopt -s nullglob

log() { echo "mysql-entrypoint: $*" >&2; }
die() { log "$*"; exit 1; }

# VAR or VAR_FILE (a file holding the value, e.g. a mounted Secret), not both.
file_env() {
  local var=$1 default=${2:-} file_var=${1}_FILE
  if [[ -n ${!var:-} && -n ${!file_var:-} ]]; then
    die "both $var and $file_var are set; use one"
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

# One setting of the server as the command line and the config files make it (defaults included).
server_setting() {
  local name=$1
  shift
  "$@" --verbose --help 2>/dev/null | awk -v name="$name" '$1 == name && NF == 2 { print $2; exit }'
}

# SQL literals: a quoted string, and a quoted identifier.
sql_string() {
  local s=${1//\\/\\\\}
  printf "'%s'" "${s//\'/\\\'}"
}
# shellcheck disable=SC2016  # the backquotes are SQL's, not the shell's
sql_name() { printf '`%s`' "${1//\`/\`\`}"; }

# root's password for the clients, in a defaults file that exists only as a pipe (never on a command line
# or on disk): root_client mariadb|mariadb-admin ARGS...
root_client() {
  local client=$1 password=${ROOT_PASSWORD_NOW//\\/\\\\}
  shift
  "$client" --defaults-extra-file=<(printf '[client]\npassword="%s"\n' "${password//\"/\\\"}") \
    --protocol=socket --socket="$SOCKET" --user=root "$@"
}
# Runs SQL (stdin) on the temporary server as root.
root_sql() { root_client mariadb "$@"; }

init_data_dir() {
  file_env MYSQL_ROOT_PASSWORD
  file_env MYSQL_ROOT_HOST %
  file_env MYSQL_DATABASE
  file_env MYSQL_USER
  file_env MYSQL_PASSWORD
  if [[ -z $MYSQL_ROOT_PASSWORD && -z ${MYSQL_ALLOW_EMPTY_PASSWORD:-} && -z ${MYSQL_RANDOM_ROOT_PASSWORD:-} ]]; then
    die "the database is not initialised and no root password is set: set MYSQL_ROOT_PASSWORD (or MYSQL_RANDOM_ROOT_PASSWORD, or MYSQL_ALLOW_EMPTY_PASSWORD)"
  fi
  [[ $MYSQL_USER != root ]] || die "MYSQL_USER=root: MYSQL_USER and MYSQL_PASSWORD make a regular user; set root's password with MYSQL_ROOT_PASSWORD"
  if [[ -n $MYSQL_USER && -z $MYSQL_PASSWORD ]]; then
    log "MYSQL_USER is set but MYSQL_PASSWORD is not: no user is created"
  elif [[ -z $MYSQL_USER && -n $MYSQL_PASSWORD ]]; then
    log "MYSQL_PASSWORD is set but MYSQL_USER is not: the password is ignored"
  fi

  log "initialising $DATADIR"
  mkdir -p "$DATADIR"
  # root@localhost with a password (set below) rather than Debian's unix_socket root: the server runs as
  # mysql, not root. No test database, as in MySQL.
  mariadb-install-db --datadir="$DATADIR" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve --skip-log-bin --rpm >&2 \
    || die "mariadb-install-db failed"

  # A temporary server on the socket only: the startup probe (127.0.0.1) fails until the real one listens.
  "$@" --skip-networking --socket="$SOCKET" --default-time-zone=SYSTEM --skip-log-bin &
  local pid=$! i
  ROOT_PASSWORD_NOW=
  for ((i = 0; i < 60; i++)); do
    root_sql --database=mysql <<<'SELECT 1' >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || die "the temporary server ended during initialisation"
    sleep 1
  done
  ((i < 60)) || die "the temporary server did not answer in 60 s"

  if [[ -z ${MYSQL_INITDB_SKIP_TZINFO:-} ]]; then
    # Progress notes of the converter ("Skipping ...") are not errors.
    mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null | root_sql --database=mysql
  fi
  if [[ -n ${MYSQL_RANDOM_ROOT_PASSWORD:-} ]]; then
    MYSQL_ROOT_PASSWORD=$(head -c 18 /dev/urandom | base64)
    log "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
  fi
  local root_password
  root_password=$(sql_string "$MYSQL_ROOT_PASSWORD")
  {
    echo "SET @@SESSION.SQL_LOG_BIN = 0;"
    # mariadb-install-db also makes root@127.0.0.1, root@::1 and root@<host name> without a password.
    echo "DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1';"
    printf '%s\n' "EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS ''root''@', QUOTE(@@hostname));"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $root_password;"
    if [[ -n $MYSQL_ROOT_HOST && $MYSQL_ROOT_HOST != localhost ]]; then
      echo "CREATE USER 'root'@$(sql_string "$MYSQL_ROOT_HOST") IDENTIFIED BY $root_password;"
      echo "GRANT ALL ON *.* TO 'root'@$(sql_string "$MYSQL_ROOT_HOST") WITH GRANT OPTION;"
    fi
    echo "DROP DATABASE IF EXISTS test;"
    if [[ -n $MYSQL_DATABASE ]]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_name "$MYSQL_DATABASE");"
    fi
    if [[ -n $MYSQL_USER && -n $MYSQL_PASSWORD ]]; then
      echo "CREATE USER $(sql_string "$MYSQL_USER")@'%' IDENTIFIED BY $(sql_string "$MYSQL_PASSWORD");"
      if [[ -n $MYSQL_DATABASE ]]; then
        # _ is a wildcard in a GRANT's database name: escaped, it names this database only.
        echo "GRANT ALL ON $(sql_name "${MYSQL_DATABASE//_/\\_}").* TO $(sql_string "$MYSQL_USER")@'%';"
      fi
    fi
    if [[ -n ${MYSQL_ONETIME_PASSWORD:-} ]]; then
      echo "ALTER USER 'root'@$(sql_string "$MYSQL_ROOT_HOST") PASSWORD EXPIRE;"
    fi
  } | root_sql --database=mysql
  ROOT_PASSWORD_NOW=$MYSQL_ROOT_PASSWORD

  local f db_args=()
  [[ -n $MYSQL_DATABASE ]] && db_args=(--database="$MYSQL_DATABASE")
  for f in /docker-entrypoint-initdb.d/*; do
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
      *.sql) log "running $f"; root_sql "${db_args[@]}" <"$f" >&2 ;;
      *.sql.gz) log "running $f"; gzip -dc "$f" | root_sql "${db_args[@]}" >&2 ;;
      *) log "ignoring $f" ;;
    esac
  done

  root_client mariadb-admin shutdown || die "could not stop the temporary server"
  wait "$pid" || true
  log "initialised; starting"
}

# `docker run image --option`: options for the server.
if [[ ${1:-} == -* ]]; then
  set -- mysqld "$@"
fi

if [[ ${1:-} == mysqld || ${1:-} == mariadbd ]] \
  && ! printf '%s\n' "$@" | grep -qxE -- '-\?|--help|--print-defaults|-V|--version'; then
  DATADIR=$(server_setting datadir "$@")
  SOCKET=$(server_setting socket "$@")
  [[ -n $DATADIR && -n $SOCKET ]] || die "could not read datadir and socket from: $* --verbose --help"
  DATADIR=${DATADIR%/}
  if [[ $(id -u) -eq 0 ]]; then
    # As root (no securityContext): hand the data and socket directories to mysql, then run as it.
    mkdir -p "$DATADIR" "$(dirname "$SOCKET")"
    chown mysql:mysql "$DATADIR" "$(dirname "$SOCKET")"
    exec setpriv --reuid=mysql --regid=mysql --init-groups "$0" "$@"
  fi
  if [[ ! -d $DATADIR/mysql ]]; then
    init_data_dir "$@"
  fi
  unset MYSQL_ROOT_PASSWORD MYSQL_PASSWORD
fi
exec "$@"
