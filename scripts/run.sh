#!/usr/bin/env bash
# Runs the platform on its embedded defaults: H2 file under ./data, and the local cluster (started here) unless
# KUBECONFIG names a cluster. The local cluster gets a real node, whose stores run real containers and are served at
# http://<store>.localhost/, when this machine can run one; otherwise the simulated node (nothing runs; said in one
# line). URUMI_NODE=real|simulated forces either. Prints the URL; Ctrl-C stops the platform (the local cluster keeps
# running: `scripts/cluster.sh down` stops it).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

mvn -B -ntp -q -DskipTests package
if [[ -z "${KUBECONFIG:-}" && -z "${KUBERNETES_SERVICE_HOST:-}" ]]; then
  node=${URUMI_NODE:-}
  if [[ -z $node ]]; then
    if why=$(bash scripts/cluster.sh real-node-check); then
      node=real
    else
      node=simulated
      echo "Simulated node: no container will run ($why; URUMI_NODE=real to insist)"
    fi
  fi
  case $node in
    real)
      bash scripts/cluster.sh up --real-node
      # The local ingress serves every Ingress host on 127.0.0.1:80, and *.localhost is loopback to browsers and curl.
      export URUMI_BASE_DOMAIN="${URUMI_BASE_DOMAIN:-localhost}"
      # No registry serves the engines' official images here: stores run the ones built from images/ (minutes the
      # first time, cached after).
      if [[ -z ${URUMI_STORE_VALUES:-} ]]; then
        URUMI_STORE_VALUES=$(bash scripts/cluster.sh store-values)
        export URUMI_STORE_VALUES
      fi
      ;;
    simulated) bash scripts/cluster.sh up ;;
    *) echo "URUMI_NODE must be 'real' or 'simulated', not '$node'" >&2; exit 2 ;;
  esac
  export KUBECONFIG="$repo/data/cluster/kubeconfig"
  echo "Using the local cluster with a $node node (KUBECONFIG=$KUBECONFIG)"
fi
mkdir -p data
export URUMI_PORT="${URUMI_PORT:-8080}"
echo "Urumi starts at http://127.0.0.1:${URUMI_PORT}/ (API: http://127.0.0.1:${URUMI_PORT}/api/stores)"
exec java -jar app/target/urumi.jar
