#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests (Debian's `postgresql` package), in its own state dir with a free
# loopback port and a generated password. Idempotent: `up` on a running server only prints where it is.
# Tuned for speed, not durability (fsync off): never point a real platform at it.
#
#   scripts/lib/postgres.sh up | down [--purge] | status
#
# env: URUMI_PG_DIR  state dir (default <repo>/app/target/postgres); it holds data/, logs/, port, password, jdbc-url
# PostgreSQL refuses to run as root: as root (CI) the server runs as the `postgres` user the package creates.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=apt.sh
source "$REPO/scripts/lib/apt.sh"
# shellcheck source=proc.sh
source "$REPO/scripts/lib/proc.sh"

PG_DIR=$(realpath -m "${URUMI_PG_DIR:-$REPO/app/target/postgres}")
DATA=$PG_DIR/data
LOG=$PG_DIR/logs/postgres.log
USER_NAME=urumi

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_bin() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir ]] || { echo "no PostgreSQL binaries under /usr/lib/postgresql" >&2; return 1; }
  echo "$dir"
}

running() {
  [[ -f $DATA/PG_VERSION ]] && as_server_user "$(pg_bin)/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

cmd_up() {
  ensure_packages postgresql
  local bin port
  bin=$(pg_bin)
  mkdir -p "$PG_DIR"
  exec 9>"$PG_DIR/lock"
  flock 9
  if running; then
    echo "postgres already running: $(<"$PG_DIR/jdbc-url")"
    return 0
  fi
  if [[ ! -f $DATA/PG_VERSION ]]; then
    rm -rf "$DATA"
    mkdir -p "$DATA" "$PG_DIR/logs"
    (umask 077; openssl rand -hex 16 >"$PG_DIR/password")
    [[ $(id -u) -eq 0 ]] && chown -R postgres: "$DATA" "$PG_DIR/logs" "$PG_DIR/password"
    as_server_user "$bin/initdb" -D "$DATA" -U "$USER_NAME" --auth=scram-sha-256 --pwfile="$PG_DIR/password" \
      --encoding=UTF8 --no-locale >"$PG_DIR/logs/initdb.log" 2>&1 \
      || { tail -n 20 "$PG_DIR/logs/initdb.log" >&2; return 1; }
  fi
  port=$(cat "$PG_DIR/port" 2>/dev/null || true)
  if [[ -z $port ]] || ! port_free "$port"; then
    port=$(pick_free_port)
  fi
  local start=("$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o "-p $port -c listen_addresses=127.0.0.1 \
-c unix_socket_directories='' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start)
  [[ $(id -u) -eq 0 ]] && start=(runuser -u postgres -- "${start[@]}")
  # Own session, so a test runner killing its process group leaves the server alone; fd 9 is our lock.
  if ! setsid -w "${start[@]}" >/dev/null 9>&-; then
    tail -n 20 "$LOG" >&2 || true
    echo "postgres did not start (log: $LOG)" >&2
    return 1
  fi
  echo "$port" >"$PG_DIR/port"
  echo "jdbc:postgresql://127.0.0.1:$port/postgres" >"$PG_DIR/jdbc-url"
  echo "postgres started: $(<"$PG_DIR/jdbc-url") (user $USER_NAME, password in $PG_DIR/password)"
}

cmd_down() {
  if running; then
    as_server_user "$(pg_bin)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "postgres stopped"
  fi
  if [[ ${1:-} == --purge ]]; then
    rm -rf "$PG_DIR"
  fi
}

case ${1:-} in
  up) cmd_up ;;
  down) shift; cmd_down "$@" ;;
  status) if running; then echo "running: $(<"$PG_DIR/jdbc-url")"; else echo "not running"; exit 1; fi ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
