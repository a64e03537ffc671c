#!/bin/sh
# Finishes a Medusa store with Medusa's own CLI: migrations, then the seed (store data and admin user).
# Runs as a Helm post-install/post-upgrade hook, so every step must be safe to repeat.
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

# Applies only the migrations not yet run, and syncs module links: a no-op on an up-to-date store.
log "running database migrations"
medusa db:migrate

# Store details, region, sales channel, publishable key and sample products, skipping what exists;
# then the admin user, as "medusa user" makes it but with the password read from ADMIN_PASSWORD (an
# existing admin gets it again: the Secret is the source of truth).
log "seeding the store and its admin user $ADMIN_EMAIL"
medusa exec /setup/seed.js /setup/products.json

log "store ready at $STORE_URL (admin: $STORE_URL/app)"
