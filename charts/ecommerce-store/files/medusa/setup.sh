#!/bin/sh
# Finishes a Medusa store with Medusa's own CLI, in two places:
#   setup.sh migrate   the server's init container: the database migrations, before every start of the server,
#                      so a server never starts on a schema older than its code (and an upgrade that brings
#                      migrations applies them before the new server starts, not after it crashed on them);
#   setup.sh           the Helm post-install/post-upgrade hook Job: once the server answers (so its migrations
#                      ran), the seed: store data and the admin user.
# Every step must be safe to repeat.
# Settings come from the environment (see setup-job.yaml); secrets only from the Secret, and never on a
# command line (every process can read those).
# The working directory is the built server of the image (medusa.server.workDir).
set -eu

log() { printf '%s setup: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# stdin closed so no command waits for input.
medusa() { node_modules/.bin/medusa "$@" </dev/null; }

deadline=$(( $(date +%s) + WAIT_TIMEOUT_SECONDS ))
wait_for() {
  what=$1; shift
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "gave up waiting for $what after ${WAIT_TIMEOUT_SECONDS}s"
      exit 1
    fi
    log "waiting for $what"
    sleep 5
  done
}

# A TCP connect with Node (the image has no database clients).
reachable() {
  node -e 'const s=require("net").connect(+process.argv[2],process.argv[1]);s.setTimeout(3000);
    s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));s.on("timeout",()=>process.exit(1))' "$1" "$2"
}
wait_for "PostgreSQL at $DB_HOST" reachable "$DB_HOST" "${DB_PORT:-5432}"
wait_for "Redis at $REDIS_HOST" reachable "$REDIS_HOST" "${REDIS_PORT:-6379}"

if [ "${1:-}" = migrate ]; then
  # Applies only the migrations not yet run, and syncs module links: a no-op on an up-to-date store.
  log "running database migrations"
  medusa db:migrate
  exit 0
fi

# The server migrates before it starts: once it answers, the schema is the one its code (and this seed) expects.
healthy() {
  node -e 'require("http").get({host:process.argv[1],path:"/health",timeout:3000},
    (r)=>process.exit(r.statusCode===200?0:1)).on("error",()=>process.exit(1))
    .on("timeout",function(){this.destroy();process.exit(1)})' "$1"
}
wait_for "the Medusa server at $WEB_HOST (it migrates the database before it starts)" healthy "$WEB_HOST"

# Store details, region, sales channel, publishable key and sample products, skipping what exists;
# then the admin user, as "medusa user" makes it but with the password read from ADMIN_PASSWORD (an
# existing admin gets it again: the Secret is the source of truth).
log "seeding the store and its admin user $ADMIN_EMAIL"
medusa exec /setup/seed.js /setup/products.json

log "store ready at $STORE_URL (admin: $STORE_URL/app)"
