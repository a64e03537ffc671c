#!/usr/bin/env bash
# Runs every test: unit, HTTP functional, chart, and integration tests against a real local control plane.
# Installs what it needs first (Debian packages, the Kubernetes binaries built once from Debian's source and
# cached under ~/.cache/urumi, Maven dependencies) and starts a throwaway PostgreSQL; every step is idempotent
# and quick when already done.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

bash scripts/cluster.sh prepare
source scripts/lib/apt.sh; ensure_packages chromium chromium-driver
# A throwaway PostgreSQL (app/target/postgres) for the database tests on PostgreSQL and the two-replica test.
bash scripts/lib/postgres.sh up
trap 'bash scripts/lib/postgres.sh down' EXIT
mvn -B -ntp verify "$@"
