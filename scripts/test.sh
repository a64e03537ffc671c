#!/usr/bin/env bash
# Runs every test: unit, HTTP functional, chart, integration tests against a real local control plane with the
# simulated node, and the real-node tier (real containers) on a second local cluster.
# Installs what it needs first (Debian packages, the Kubernetes binaries built once from Debian's source and
# cached under ~/.cache/urumi, Maven dependencies) and starts a throwaway PostgreSQL; every step is idempotent
# and quick when already done.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

# The real-node tier needs root and a kernel with bridges and cgroups v1; where that is missing its tests say why
# and skip (and fail under CI=true, where the tier is core).
if bash scripts/cluster.sh real-node-check >/dev/null; then
  bash scripts/cluster.sh prepare --real-node
else
  bash scripts/cluster.sh prepare
fi
source scripts/lib/apt.sh; ensure_packages chromium chromium-driver
# A throwaway PostgreSQL (app/target/postgres) for the database tests on PostgreSQL and the two-replica test.
bash scripts/lib/postgres.sh up
trap 'bash scripts/lib/postgres.sh down' EXIT
mvn -B -ntp verify "$@"
