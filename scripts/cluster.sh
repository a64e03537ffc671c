#!/usr/bin/env bash
# A local Kubernetes 1.20 control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler) plus one node: the Java node simulator standing in for a kubelet (fast, runs nothing),
# or a real node that runs real containers (scripts/lib/real-node.sh). See usage() below.
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
# shellcheck source=lib/real-node.sh
source "$REPO/scripts/lib/real-node.sh"

STATE_DIR=$(realpath -m "${URUMI_CLUSTER_DIR:-$REPO/data/cluster}")
RUN_DIR=$STATE_DIR/run
LOG_DIR=$STATE_DIR/logs
KUBECONFIG_PATH=$STATE_DIR/kubeconfig
PORTS_FILE=$STATE_DIR/ports.env
MODE_FILE=$STATE_DIR/node-kind
SIM_NODE="sim-node-1"
# Stopped in this order: the node first, etcd last.
CONTROL_PLANE=(kube-scheduler kube-controller-manager kube-apiserver etcd)

usage() {
  cat <<'USAGE'
usage: scripts/cluster.sh COMMAND

  prepare [--real-node]  install packages and build the Kubernetes binaries (cached); start nothing;
                   --real-node also the kubelet, kube-proxy, containerd and the node's base images
  up [--real-node] build if needed, start everything, wait until usable; prints the kubeconfig path last.
                   Without the flag the node is the simulator (pods "run" but no container starts);
                   with it a real node runs real containers (root only; one per machine; stores are
                   served at http://<store>.localhost/ through the local ingress on 127.0.0.1:80)
  down [--purge]   stop everything (a real node: every container, and the host put back as it was:
                   iptables chains, bridge, mounts, cgroups, sysctls); --purge also deletes the state dir
  real-node-check  exit 0 if this machine can run a real node, else print why and exit 1
  load-image NAME...  build (cached) the local images NAME (scripts/images.sh) and import them into the
                   running real node; prints each image's reference, one a line
  store-values     load the store engines' images into the running real node and print the store chart
                   values that name them (JSON, for URUMI_STORE_VALUES); where the node can pull the official
                   images (tried once per cluster), those are kept and only Medusa's server is built here
                   (URUMI_IMAGES=official|local|auto)
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
    prepare) cmd_prepare "$@" ;;
    up) with_lock cmd_up "$@" ;;
    real-node-check) cmd_real_node_check ;;
    load-image) cmd_load_image "$@" ;;
    store-values) cmd_store_values ;;
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
  if [[ ${1:-} == --real-node ]]; then
    real_node_prepare
  else
    ensure_kube_binaries
  fi
  echo "local control plane binaries ready in $KUBE_BIN_DIR"
}

cmd_load_image() {
  [[ $# -gt 0 ]] || { usage >&2; return 2; }
  [[ $(node_kind) == real ]] && component_running containerd \
    || { echo "no real node runs for $STATE_DIR: scripts/cluster.sh up --real-node" >&2; return 1; }
  bash "$REPO/scripts/images.sh" import --address "$REAL_CONTAINERD_SOCK" "$@" >&2
  bash "$REPO/scripts/images.sh" ref "$@"
}

# Which local image each store chart image value names; images not (yet) buildable here are left to the chart.
STORE_IMAGES=(medusa.server=medusa medusa.postgres=postgres-17 medusa.redis=redis-7
  woocommerce.wordpress=wordpress-6 woocommerce.mysql=mysql-8 woocommerce.cli=wp-cli)

# Official store images when this node can pull them (URUMI_IMAGES=official|local|auto, default auto: one pull of
# the official Redis image through containerd, its answer kept for this cluster), else the images built here. Medusa
# publishes no server image: that one is always built here.
store_images_source() {
  local choice=${URUMI_IMAGES:-auto} cached=$STATE_DIR/images-source
  case $choice in
    official | local) echo "$choice"; return ;;
    auto) ;;
    *) echo "URUMI_IMAGES must be official, local or auto, not '$choice'" >&2; return 2 ;;
  esac
  if [[ ! -f $cached ]]; then
    if timeout 30 ctr -a "$REAL_CONTAINERD_SOCK" -n k8s.io images pull docker.io/library/redis:7.4 >/dev/null 2>&1; then
      echo official >"$cached"
    else
      echo local >"$cached"
      echo "no registry answers here: stores run the images built from images/ (URUMI_IMAGES=official to insist)" >&2
    fi
  fi
  cat "$cached"
}

cmd_store_values() {
  local pair key name names=() keys=() refs json='{}' i origin
  origin=$(store_images_source) || return
  for pair in "${STORE_IMAGES[@]}"; do
    key=${pair%%=*} name=${pair#*=}
    [[ $origin == official && $name != medusa ]] && continue
    bash "$REPO/scripts/images.sh" ref "$name" >/dev/null 2>&1 || continue
    keys+=("$key") names+=("$name")
  done
  mapfile -t refs < <(cmd_load_image "${names[@]}")
  for i in "${!keys[@]}"; do
    json=$(jq -c --arg path "${keys[$i]}" --arg ref "${refs[$i]}" '
      setpath(($path | split(".")) + ["image"];
        {repository: ($ref | sub(":[^:]*$"; "")), tag: ($ref | capture(":(?<t>[^:]*)$").t), pullPolicy: "Never"})' \
      <<<"$json")
  done
  echo "$json"
}

cmd_real_node_check() {
  local why
  why=$(real_node_unsupported)
  [[ -z $why ]] || { echo "$why"; return 1; }
  echo "this machine can run a real node"
}

cmd_up() {
  local start=$SECONDS kind=simulated
  case ${1:-} in
    --real-node) kind=real ;;
    "") ;;
    *) usage >&2; return 2 ;;
  esac
  if [[ $kind == real ]]; then
    local why
    why=$(real_node_unsupported)
    [[ -z $why ]] || { echo "cannot start a real node here: $why" >&2; return 1; }
  fi
  if [[ $(node_kind) == "$kind" ]] && cluster_healthy; then
    echo "cluster already running ($STATE_DIR, $kind node)"
    echo "$KUBECONFIG_PATH"
    return 0
  fi
  stop_all # whatever half of a cluster is left from a crash, or a cluster with the other kind of node
  real_node_host_down
  echo "$kind" >"$MODE_FILE"
  set_node_kind
  ensure_packages etcd-server jq openssl curl
  if [[ $kind == real ]]; then
    real_node_lock
    real_node_prepare
  else
    ensure_kube_binaries
  fi
  stage_simulator
  ensure_ports
  ensure_credentials
  write_kubeconfig "$KUBECONFIG_PATH" "$API_HOST" "$API_PORT"
  write_simulator_logging
  if [[ $kind == real ]]; then
    real_node_host_up
    real_node_write_config
    real_node_start_containerd
  fi

  start_etcd
  start_apiserver
  start_controllers
  wait_until "the default ServiceAccount and its token" 60 kube-controller-manager default_sa_has_token
  if [[ $kind == real ]]; then
    real_node_start_kubelet
    wait_until "node $NODE to be Ready" 90 kubelet real_node_ready
    real_node_start_local_services
    wait_until "the local services (DNS, ingress, volumes)" 60 local-services local_services_ready
    echo "node $NODE Ready (real: containerd $(containerd --version | awk '{print $3}'), DNS $REAL_HOST_IP," \
      "ingress http://<store>.localhost/)"
  else
    start_simulator
  fi
  echo "cluster up in $((SECONDS - start)) s; API https://$API_HOST:$API_PORT; state $STATE_DIR"
  echo "$KUBECONFIG_PATH"
}

cmd_down() {
  stop_all
  real_node_host_down
  if [[ ${1:-} == --purge ]]; then
    # Everything but the lock file: a command waiting on it must not run beside the next `up` on a new one.
    find "$STATE_DIR" -mindepth 1 -maxdepth 1 ! -name lock -exec rm -rf {} +
    echo "deleted $STATE_DIR"
  fi
}

cmd_status() {
  local name healthy=0
  for name in "${CONTROL_PLANE[@]}" "${NODE_COMPONENTS[@]}"; do
    if component_running "$name"; then
      printf '%-24s running (pid %s)\n' "$name" "$(component_pid "$name")"
    else
      printf '%-24s stopped\n' "$name"
      healthy=1
    fi
  done
  if [[ -f $PORTS_FILE ]] && load_ports && api_ready; then
    echo "api                      healthy (https://$API_HOST:$API_PORT)"
  else
    echo "api                      unreachable"
    healthy=1
  fi
  if ((healthy == 0)) && node_ready 0; then
    printf '%-24s Ready (%s)\n' "node $NODE" "$(node_kind)"
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
  real_node_stop
  stop_component node-simulator
  for name in "${CONTROL_PLANE[@]}"; do
    if [[ $name == kube-apiserver ]]; then stop_apiserver; else stop_component "$name"; fi
  done
}

cluster_healthy() {
  local name
  for name in "${CONTROL_PLANE[@]}" "${NODE_COMPONENTS[@]}"; do component_running "$name" || return 1; done
  load_ports && api_ready && node_ready 0
}

# What the last `up` started: "simulated" or "real".
node_kind() {
  cat "$MODE_FILE" 2>/dev/null || echo simulated
}

# Sets NODE, NODE_COMPONENTS and API_HOST for the kind of node this state dir runs.
set_node_kind() {
  if [[ $(node_kind) == real ]]; then
    NODE=$REAL_NODE_NAME
    NODE_COMPONENTS=("${REAL_COMPONENTS[@]}")
    # Pods reach the API server through the "kubernetes" Service, so it listens where they can reach it.
    API_HOST=$REAL_HOST_IP
  else
    NODE=$SIM_NODE
    NODE_COMPONENTS=(node-simulator)
    API_HOST=127.0.0.1
  fi
}

local_services_ready() {
  (exec 3<>"/dev/tcp/${REAL_INGRESS_ADDRESS%:*}/${REAL_INGRESS_ADDRESS#*:}") 2>/dev/null
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
  local certs=$STATE_DIR/certs node_flags
  write_audit_policy
  if [[ $(node_kind) == real ]]; then
    # Nodes are authorized as nodes; logs and exec go to the kubelet with a client certificate it trusts.
    node_flags=(--authorization-mode=Node,RBAC --endpoint-reconciler-type=lease
      --kubelet-client-certificate="$certs/apiserver-kubelet-client.crt"
      --kubelet-client-key="$certs/apiserver-kubelet-client.key"
      --kubelet-preferred-address-types=InternalIP,Hostname)
  else
    node_flags=(--authorization-mode=RBAC
      --endpoint-reconciler-type=none) # 127.0.0.1 may not be an endpoint: skip the "kubernetes" one
  fi
  start_component kube-apiserver "$KUBE_BIN_DIR/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --secure-port="$API_PORT" --bind-address="$API_HOST" --advertise-address="$API_HOST" --insecure-port=0 \
    --cert-dir="$certs" --tls-cert-file="$certs/apiserver.crt" --tls-private-key-file="$certs/apiserver.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$STATE_DIR/sa.pub" --service-account-signing-key-file="$STATE_DIR/sa.key" \
    --token-auth-file="$STATE_DIR/tokens.csv" --allow-privileged=true \
    --audit-policy-file="$STATE_DIR/audit-policy.yaml" --audit-log-path="$LOG_DIR/audit.log" \
    --audit-log-maxsize=100 --audit-log-maxbackup=1 "${node_flags[@]}"
  wait_until "the API server" 60 kube-apiserver api_ready
  echo "kube-apiserver ready on https://$API_HOST:$API_PORT"
}

start_controllers() {
  # A simulated node posts no lease heartbeats: the node lifecycle controller would taint it away. A real node
  # needs that controller: it lifts the not-ready taint the kubelet registers with.
  local controllers='*,-nodelifecycle'
  [[ $(node_kind) == real ]] && controllers='*'
  start_component kube-controller-manager "$KUBE_BIN_DIR/kube-controller-manager" \
    --kubeconfig="$KUBECONFIG_PATH" --leader-elect=false --controllers="$controllers" \
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

# The simulator (and a real node's local services) run from a copy in the state dir: a `mvn clean` or a
# half-done recompile of devcluster/target while the cluster runs must not pull classes from under it.
stage_simulator() {
  local target=$REPO/devcluster/target sim=$STATE_DIR/simulator
  if [[ ! -d $target/lib || ! -f $target/classes/io/urumi/devcluster/NodeSimulator.class ]]; then
    echo "building the devcluster module (for the node simulator)"
    (cd "$REPO" && mvn -B -q -Dmaven.test.skip=true -pl devcluster package) \
      || { echo "the node simulator needs devcluster/target/{classes,lib}: fix the build above" >&2; return 1; }
  fi
  rm -rf "$sim"
  mkdir -p "$sim"
  cp -a "$target/classes" "$sim/classes"
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
    "https://$API_HOST:$API_PORT$1"
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

set_node_kind
main "$@"
