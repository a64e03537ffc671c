#!/usr/bin/env bash
# A local Kubernetes 1.20 control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler) plus the Java node simulator standing in for a kubelet. See usage() below.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/apt.sh
source "$REPO/scripts/lib/apt.sh"
# shellcheck source=lib/kube-build.sh
source "$REPO/scripts/lib/kube-build.sh"
# shellcheck source=lib/proc.sh
source "$REPO/scripts/lib/proc.sh"
# shellcheck source=lib/pki.sh
source "$REPO/scripts/lib/pki.sh"

STATE_DIR=$(realpath -m "${URUMI_CLUSTER_DIR:-$REPO/data/cluster}")
RUN_DIR=$STATE_DIR/run
LOG_DIR=$STATE_DIR/logs
KUBECONFIG_PATH=$STATE_DIR/kubeconfig
PORTS_FILE=$STATE_DIR/ports.env
NODE="sim-node-1"
# Stopped in this order: the simulator first, etcd last.
COMPONENTS=(node-simulator kube-scheduler kube-controller-manager kube-apiserver etcd)

usage() {
  cat <<'USAGE'
usage: scripts/cluster.sh COMMAND

  prepare          install packages and build the Kubernetes binaries (cached); start nothing
  up               build if needed, start everything, wait until usable; prints the kubeconfig path
  down [--purge]   stop everything; --purge also deletes the state dir
  status           show each component; exit 1 unless the cluster is healthy
  kubeconfig       print the kubeconfig path
  stop-apiserver   stop only the API server (fault tests)
  start-apiserver  start it again on the same port with the same certificates
  kubectl ARGS...  run kubectl against this cluster (built on first use, ~1 min)

env: URUMI_CLUSTER_DIR  state dir (default <repo>/data/cluster); several may run at once
     URUMI_CACHE        build cache (default ~/.cache/urumi)
USAGE
}

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case $cmd in
    prepare) cmd_prepare ;;
    up) with_lock cmd_up ;;
    down) with_lock cmd_down "$@" ;;
    status) cmd_status ;;
    kubeconfig) cmd_kubeconfig ;;
    stop-apiserver) with_lock stop_apiserver ;;
    start-apiserver) with_lock cmd_start_apiserver ;;
    kubectl) cmd_kubectl "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

# Serializes commands that change one state dir (two `up`s at once would start everything twice).
with_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/lock"
  flock 9
  "$@"
}

# Everything `up` needs that takes long on a fresh machine, done ahead (CI runs it before the tests).
cmd_prepare() {
  ensure_packages etcd-server jq openssl curl
  ensure_kube_binaries
  echo "local control plane binaries ready in $KUBE_BIN_DIR"
}

cmd_up() {
  local start=$SECONDS
  if cluster_healthy; then
    echo "cluster already running ($STATE_DIR)"
    echo "$KUBECONFIG_PATH"
    return 0
  fi
  stop_all # whatever half of a cluster is left from a crash
  ensure_packages etcd-server jq openssl curl
  ensure_kube_binaries
  stage_simulator
  ensure_ports
  ensure_credentials
  write_kubeconfig "$KUBECONFIG_PATH" "$API_PORT"
  write_simulator_logging

  start_etcd
  start_apiserver
  start_controllers
  wait_until "the default ServiceAccount and its token" 60 kube-controller-manager default_sa_has_token
  start_simulator
  echo "cluster up in $((SECONDS - start)) s; API https://127.0.0.1:$API_PORT; state $STATE_DIR"
  echo "$KUBECONFIG_PATH"
}

cmd_down() {
  stop_all
  if [[ ${1:-} == --purge ]]; then
    rm -rf "$STATE_DIR"
    echo "deleted $STATE_DIR"
  fi
}

cmd_status() {
  local name healthy=0
  for name in etcd kube-apiserver kube-controller-manager kube-scheduler node-simulator; do
    if component_running "$name"; then
      printf '%-24s running (pid %s)\n' "$name" "$(component_pid "$name")"
    else
      printf '%-24s stopped\n' "$name"
      healthy=1
    fi
  done
  if [[ -f $PORTS_FILE ]] && load_ports && api_ready; then
    echo "api                      healthy (https://127.0.0.1:$API_PORT)"
  else
    echo "api                      unreachable"
    healthy=1
  fi
  if ((healthy == 0)) && node_ready 0; then
    printf '%-24s Ready\n' "node $NODE"
  elif ((healthy == 0)); then
    printf '%-24s not Ready\n' "node $NODE"
    healthy=1
  fi
  return "$healthy"
}

cmd_kubeconfig() {
  echo "$KUBECONFIG_PATH"
  [[ -f $KUBECONFIG_PATH ]] || { echo "(not created yet: run scripts/cluster.sh up)" >&2; return 1; }
}

cmd_start_apiserver() {
  component_running etcd || { echo "etcd is not running: use scripts/cluster.sh up" >&2; return 1; }
  if component_running kube-apiserver; then
    echo "kube-apiserver already running"
    return 0
  fi
  load_ports
  port_free "$API_PORT" || { echo "port $API_PORT is taken by another process" >&2; return 1; }
  start_apiserver
}

# The API server closes its port at once on SIGTERM but then waits up to a minute for open
# watches to drain; it keeps no state of its own, so it is not worth waiting for.
stop_apiserver() {
  stop_component kube-apiserver 3
}

cmd_kubectl() {
  ensure_kube_binaries kubectl >&2
  exec "$KUBE_BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_PATH" "$@"
}

stop_all() {
  local name
  for name in "${COMPONENTS[@]}"; do
    if [[ $name == kube-apiserver ]]; then stop_apiserver; else stop_component "$name"; fi
  done
}

cluster_healthy() {
  local name
  for name in "${COMPONENTS[@]}"; do component_running "$name" || return 1; done
  load_ports && api_ready && node_ready 0
}

# Keeps the ports of the previous run when they are still free, so an existing kubeconfig stays valid.
ensure_ports() {
  if [[ -f $PORTS_FILE ]] && load_ports \
    && port_free "$ETCD_PORT" && port_free "$ETCD_PEER_PORT" && port_free "$API_PORT"; then
    return 0
  fi
  ETCD_PORT=$(pick_free_port)
  ETCD_PEER_PORT=$(pick_free_port "$ETCD_PORT")
  API_PORT=$(pick_free_port "$ETCD_PORT" "$ETCD_PEER_PORT")
  printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPI_PORT=%s\n' "$ETCD_PORT" "$ETCD_PEER_PORT" "$API_PORT" >"$PORTS_FILE"
}

load_ports() {
  # shellcheck source=/dev/null
  source "$PORTS_FILE"
  [[ -n ${API_PORT:-} && -n ${ETCD_PORT:-} && -n ${ETCD_PEER_PORT:-} ]]
}

start_etcd() {
  local peer=http://127.0.0.1:$ETCD_PEER_PORT client=http://127.0.0.1:$ETCD_PORT
  start_component etcd etcd --name urumi --data-dir "$STATE_DIR/etcd" \
    --listen-client-urls "$client" --advertise-client-urls "$client" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" --initial-cluster "urumi=$peer"
  wait_until "etcd" 30 etcd curl -fsS "$client/health"
  echo "etcd ready on port $ETCD_PORT"
}

start_apiserver() {
  local certs=$STATE_DIR/certs
  write_audit_policy
  start_component kube-apiserver "$KUBE_BIN_DIR/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --secure-port="$API_PORT" --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --insecure-port=0 \
    --cert-dir="$certs" --tls-cert-file="$certs/apiserver.crt" --tls-private-key-file="$certs/apiserver.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$STATE_DIR/sa.pub" --service-account-signing-key-file="$STATE_DIR/sa.key" \
    --token-auth-file="$STATE_DIR/tokens.csv" --authorization-mode=RBAC --allow-privileged=true \
    --audit-policy-file="$STATE_DIR/audit-policy.yaml" --audit-log-path="$LOG_DIR/audit.log" \
    --audit-log-maxsize=100 --audit-log-maxbackup=1 \
    --endpoint-reconciler-type=none # 127.0.0.1 may not be an endpoint: skip the "kubernetes" one
  wait_until "the API server" 60 kube-apiserver api_ready
  echo "kube-apiserver ready on https://127.0.0.1:$API_PORT"
}

start_controllers() {
  # No node lifecycle controller: nothing posts heartbeats, and it would taint the node away.
  start_component kube-controller-manager "$KUBE_BIN_DIR/kube-controller-manager" \
    --kubeconfig="$KUBECONFIG_PATH" --leader-elect=false --controllers='*,-nodelifecycle' \
    --service-account-private-key-file="$STATE_DIR/sa.key" --root-ca-file="$STATE_DIR/certs/ca.crt" \
    --cluster-signing-cert-file="$STATE_DIR/certs/ca.crt" --cluster-signing-key-file="$STATE_DIR/certs/ca.key" \
    --use-service-account-credentials=false --bind-address=127.0.0.1 --secure-port=0 --port=0
  start_component kube-scheduler "$KUBE_BIN_DIR/kube-scheduler" \
    --kubeconfig="$KUBECONFIG_PATH" --leader-elect=false --bind-address=127.0.0.1 --secure-port=0 --port=0
}

start_simulator() {
  local since
  since=$(date +%s)
  start_component node-simulator java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlogback.configurationFile="$STATE_DIR/simulator-logback.xml" \
    -cp "$STATE_DIR/simulator/classes:$STATE_DIR/simulator/lib/*" \
    io.urumi.devcluster.NodeSimulator --kubeconfig "$KUBECONFIG_PATH"
  # A heartbeat newer than this start proves this simulator, not an older one, made the node Ready.
  wait_until "node $NODE to be Ready" 60 node-simulator node_ready "$((since - 1))"
  echo "node $NODE Ready"
}

# The simulator runs from a copy in the state dir: a `mvn clean` or a half-done recompile of
# app/target while the cluster runs must not pull classes from under it.
stage_simulator() {
  local target=$REPO/app/target sim=$STATE_DIR/simulator
  if [[ ! -d $target/lib || ! -f $target/classes/io/urumi/devcluster/NodeSimulator.class ]]; then
    echo "building the app (for the node simulator)"
    (cd "$REPO" && mvn -B -q -Dmaven.test.skip=true package) \
      || { echo "the node simulator needs app/target/{classes,lib}: fix the build above" >&2; return 1; }
  fi
  rm -rf "$sim"
  mkdir -p "$sim/classes/io/urumi"
  cp -a "$target/classes/io/urumi/devcluster" "$sim/classes/io/urumi/"
  # Hard links cost nothing and outlive the originals; copy when on another file system.
  cp -al "$target/lib" "$sim/lib" 2>/dev/null || { rm -rf "${sim:?}/lib"; cp -a "$target/lib" "$sim/lib"; }
}

# Only requests made as a ServiceAccount are audited: the components and the simulator act as the admin, so
# what lands in logs/audit.log is exactly what a test did as a ServiceAccount (how RBAC tests see every
# permission the platform used).
write_audit_policy() {
  mkdir -p "$LOG_DIR"
  cat >"$STATE_DIR/audit-policy.yaml" <<'YAML'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
    userGroups: ["system:serviceaccounts"]
  - level: None
YAML
}

write_simulator_logging() {
  cat >"$STATE_DIR/simulator-logback.xml" <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <logger name="io.urumi.devcluster" level="INFO"/>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
XML
}

api() {
  curl -fsS --max-time 5 --cacert "$STATE_DIR/certs/ca.crt" -H "Authorization: Bearer $(admin_token)" \
    "https://127.0.0.1:$API_PORT$1"
}

api_ready() {
  [[ $(api /readyz 2>/dev/null) == ok ]]
}

default_sa_has_token() {
  api /api/v1/namespaces/default/serviceaccounts/default | jq -e '(.secrets // []) | length > 0' >/dev/null
}

# node_ready SINCE_EPOCH: Ready, without the not-ready taint, and heartbeat no older than SINCE.
node_ready() {
  api "/api/v1/nodes/$NODE" | jq -e --argjson since "$1" '
    ([.status.conditions[]? | select(.type == "Ready" and .status == "True"
        and (.lastHeartbeatTime | fromdateiso8601) >= $since)] | length > 0)
    and ([.spec.taints[]? | select(.key == "node.kubernetes.io/not-ready")] | length == 0)' >/dev/null
}

main "$@"
