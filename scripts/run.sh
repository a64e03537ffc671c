#!/usr/bin/env bash
# Runs the platform on its embedded defaults: H2 file under ./data, and the local control plane (started here)
# unless KUBECONFIG names a cluster. Prints the URL; Ctrl-C stops the platform (the local cluster keeps running:
# `scripts/cluster.sh down` stops it).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

mvn -B -ntp -q -DskipTests package
if [[ -z "${KUBECONFIG:-}" && -z "${KUBERNETES_SERVICE_HOST:-}" ]]; then
  bash scripts/cluster.sh up
  export KUBECONFIG="$repo/data/cluster/kubeconfig"
  echo "Using the local control plane (KUBECONFIG=$KUBECONFIG)"
fi
mkdir -p data
export URUMI_PORT="${URUMI_PORT:-8080}"
echo "Urumi starts at http://127.0.0.1:${URUMI_PORT}/ (API: http://127.0.0.1:${URUMI_PORT}/api/stores)"
exec java -jar app/target/urumi.jar
