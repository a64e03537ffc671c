# shellcheck shell=bash
# A real Kubernetes node on this machine: containerd + runc, a CNI bridge, the kubelet and kube-proxy built from
# the same Debian source as the control plane, and the local network services (cluster DNS, an ingress on
# 127.0.0.1:80, a local-path volume provisioner). Sourced by scripts/cluster.sh after apt.sh, kube-build.sh,
# proc.sh and pki.sh; needs STATE_DIR, RUN_DIR, LOG_DIR, REPO.
#
# The kubelet and containerd use fixed host paths whatever their flags say (/var/log/pods, /var/lib/cni,
# /run/containerd/s, the /kubepods cgroups, KUBE-* and CNI-* iptables chains, ports 10248/10249/10250/10256),
# so there is one real node per machine: a machine-wide lock is held by the node's own processes for as long
# as any of them lives, and `down` removes every one of those traces again.

REAL_NODE_NAME=urumi-node
REAL_BRIDGE=urumi0
# The host's address on the pod bridge: API server, kubelet, cluster DNS and pods' gateway.
REAL_HOST_IP=10.244.0.1
REAL_POD_CIDR=10.244.0.0/24
REAL_SERVICE_CIDR=10.0.0.0/24
REAL_INGRESS_ADDRESS=127.0.0.1:80
REAL_LOCK=/run/urumi-real-node.lock
REAL_VAR=/var/lib/urumi
REAL_KUBELET_ROOT=$REAL_VAR/kubelet
REAL_VOLUMES=$REAL_VAR/volumes
REAL_CONTAINERD_STATE=/run/urumi-containerd
REAL_CONTAINERD_SOCK=$REAL_CONTAINERD_STATE/containerd.sock
# Images survive a `down` (they are a cache, like the binaries); everything a pod left does not.
REAL_CONTAINERD_ROOT=${URUMI_CACHE:-$HOME/.cache/urumi}/containerd
REAL_PACKAGES=(containerd runc containernetworking-plugins iptables conntrack socat iproute2 kmod)
# Host settings the node changes; `up` saves what they were and `down` puts them back.
REAL_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.route_localnet)
# Fixed paths the kubelet, containerd and the CNI plugins create; removed by `down` only when `up` found them absent.
REAL_FIXED_PATHS=(/var/log/pods /var/log/containers /var/lib/cni /run/containerd /var/lib/kubelet
  /usr/libexec/kubernetes /etc/cni "$REAL_VAR")
# Stopped in this order, before the control plane.
REAL_COMPONENTS=(local-services kube-proxy kubelet containerd)

# real_node_unsupported: prints why this machine cannot run a real node (nothing when it can).
real_node_unsupported() {
  [[ $(id -u) -eq 0 ]] || { echo "a real node needs root (containers, network, cgroups)"; return; }
  [[ -d /proc/sys/net/bridge ]] || { echo "the kernel has no bridge netfilter (br_netfilter)"; return; }
  grep -qw overlay /proc/filesystems || { echo "the kernel has no overlayfs"; return; }
  local c
  for c in cpu cpuacct cpuset memory pids; do
    [[ -d /sys/fs/cgroup/$c ]] || { echo "no cgroup v1 '$c' controller (the kubelet of 1.20 needs cgroups v1)"; return; }
  done
  if ip link add urumi-probe0 type bridge 2>/dev/null; then
    ip link del urumi-probe0
  else
    echo "cannot create a network bridge"
    return
  fi
}

real_node_prepare() {
  ensure_packages "${REAL_PACKAGES[@]}"
  ensure_kube_binaries "${KUBE_SERVER_CMDS[@]}" "${KUBE_NODE_CMDS[@]}"
  bash "$REPO/scripts/images.sh" build pause probe
}

# Takes the machine-wide lock on fd 7 and keeps it open, so every node process started from here inherits it.
real_node_lock() {
  exec 7>>"$REAL_LOCK"
  if ! flock -n 7; then
    echo "a real node already runs on this machine for $(cat "$REAL_LOCK.owner" 2>/dev/null || echo 'another state dir');" \
      "stop it first (URUMI_CLUSTER_DIR=<that dir> scripts/cluster.sh down)" >&2
    return 1
  fi
  echo "$STATE_DIR" >"$REAL_LOCK.owner"
}

real_node_host_up() {
  local saved=$STATE_DIR/real-node/host.saved name path
  mkdir -p "$STATE_DIR/real-node"
  # Saved once per up/down cycle: a second `up` after a crash must not save the node's own settings as "before".
  if [[ ! -f $saved ]]; then
    {
      for name in "${REAL_SYSCTLS[@]}"; do echo "sysctl $name $(sysctl -n "$name")"; done
      for path in "${REAL_FIXED_PATHS[@]}"; do [[ -e $path ]] || echo "absent $path"; done
    } >"$saved.tmp"
    iptables_rules >"$STATE_DIR/real-node/iptables.before"
    mv "$saved.tmp" "$saved"
  fi
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  if ! ip link show "$REAL_BRIDGE" >/dev/null 2>&1; then
    ip link add "$REAL_BRIDGE" type bridge
  fi
  ip addr replace "$REAL_HOST_IP/24" dev "$REAL_BRIDGE"
  ip link set "$REAL_BRIDGE" up
  mkdir -p "$REAL_VAR" "$REAL_VOLUMES" "$REAL_KUBELET_ROOT" "$REAL_CONTAINERD_STATE" "$REAL_CONTAINERD_ROOT"
}

real_node_write_config() {
  local dir=$STATE_DIR/real-node certs=$STATE_DIR/certs
  mkdir -p "$dir/cni" "$dir/pki"
  cat >"$dir/containerd.toml" <<TOML
version = 2
root = "$REAL_CONTAINERD_ROOT"
state = "$REAL_CONTAINERD_STATE"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$REAL_CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$(bash "$REPO/scripts/images.sh" ref pause)"
  # root here lacks CAP_SYS_RESOURCE: containerd must not lower its own children's oom_score_adj.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni"
TOML
  cat >"$dir/cni/10-urumi.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "urumi",
  "plugins": [
    {"type": "bridge", "bridge": "$REAL_BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$REAL_POD_CIDR", "gateway": "$REAL_HOST_IP"}]],
              "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
  # What pods with dnsPolicy Default, and the DNS service's upstream, resolve through: the host's own resolvers.
  grep -E '^(nameserver|options)' /etc/resolv.conf >"$dir/resolv.conf" || echo "nameserver 127.0.0.1" >"$dir/resolv.conf"
  cat >"$dir/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $REAL_HOST_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
cgroupDriver: cgroupfs
failSwapOn: false
clusterDNS: [$REAL_HOST_IP]
clusterDomain: cluster.local
resolvConf: $dir/resolv.conf
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $certs/ca.crt}
authorization: {mode: Webhook}
serializeImagePulls: false
# Images are imported, never pulled: keep them however full the disk gets, and evict only when really short.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%}
volumePluginDir: $dir/volume-plugins
YAML
  # The kube-proxy leaves the conntrack sysctls alone (0 = do not set); it cannot raise them here anyway.
  cat >"$dir/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $dir/kube-proxy.kubeconfig}
mode: iptables
clusterCIDR: $REAL_POD_CIDR
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
hostnameOverride: $REAL_NODE_NAME
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML
  write_identity_kubeconfig "$dir/kubelet.kubeconfig" "$(node_token kubelet)"
  write_identity_kubeconfig "$dir/kube-proxy.kubeconfig" "$(node_token kube-proxy)"
}

# write_identity_kubeconfig PATH TOKEN: a kubeconfig for a node component, to the API server's bridge address.
write_identity_kubeconfig() {
  (umask 077 && cat >"$1") <<KC
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: {server: "https://$API_HOST:$API_PORT", certificate-authority: "$STATE_DIR/certs/ca.crt"}
users:
- name: node
  user: {token: "$2"}
contexts:
- name: local
  context: {cluster: local, user: node}
current-context: local
KC
}

real_node_start_containerd() {
  start_component containerd containerd --config "$STATE_DIR/real-node/containerd.toml"
  wait_until "containerd" 30 containerd ctr -a "$REAL_CONTAINERD_SOCK" version
  bash "$REPO/scripts/images.sh" import --address "$REAL_CONTAINERD_SOCK" pause probe
}

real_node_start_kubelet() {
  local dir=$STATE_DIR/real-node
  start_component kubelet "$KUBE_BIN_DIR/kubelet" --config="$dir/kubelet.yaml" \
    --kubeconfig="$dir/kubelet.kubeconfig" --root-dir="$REAL_KUBELET_ROOT" --cert-dir="$dir/pki" \
    --container-runtime=remote --container-runtime-endpoint="unix://$REAL_CONTAINERD_SOCK" \
    --hostname-override="$REAL_NODE_NAME" --node-ip="$REAL_HOST_IP" --v=1
  start_component kube-proxy "$KUBE_BIN_DIR/kube-proxy" --config="$dir/kube-proxy.yaml" --v=1
}

# The cluster DNS on the bridge address, the ingress on 127.0.0.1:80 and the volume provisioner: one JVM.
real_node_start_local_services() {
  start_component local-services java -Xms32m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlogback.configurationFile="$STATE_DIR/simulator-logback.xml" \
    -cp "$STATE_DIR/simulator/classes:$STATE_DIR/simulator/lib/*" \
    io.urumi.devcluster.realnode.RealNodeServices --kubeconfig "$KUBECONFIG_PATH" \
    --dns "$REAL_HOST_IP:53" --http "$REAL_INGRESS_ADDRESS" --volumes "$REAL_VOLUMES"
}

real_node_stop() {
  local name
  real_node_remove_pods
  for name in "${REAL_COMPONENTS[@]}"; do stop_component "$name"; done
}

# Stops and removes every pod sandbox through containerd before containerd stops, so the CNI plugins release
# their addresses and iptables rules and no container outlives the node.
real_node_remove_pods() {
  [[ -S $REAL_CONTAINERD_SOCK ]] && component_running containerd || return 0
  local ctr=(ctr -a "$REAL_CONTAINERD_SOCK" -n k8s.io) id
  stop_component kubelet 15
  for id in $("${ctr[@]}" tasks ls -q 2>/dev/null); do
    "${ctr[@]}" tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
  done
  for id in $("${ctr[@]}" tasks ls -q 2>/dev/null); do
    "${ctr[@]}" tasks delete -f "$id" >/dev/null 2>&1 || true
  done
  for id in $("${ctr[@]}" containers ls -q 2>/dev/null); do
    "${ctr[@]}" containers delete "$id" >/dev/null 2>&1 || true
  done
}

# Puts the host back as `up` found it: mounts, network namespaces, cgroups, iptables chains, the bridge,
# sysctls and the fixed paths the node created. Safe to run twice, and after a crash.
real_node_host_down() {
  local saved=$STATE_DIR/real-node/host.saved
  [[ -f $saved ]] || return 0
  local mnt
  # Deepest first: pod volumes, the kubelet's bind mount of its own root, netns and shm mounts of containerd.
  while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done < <(awk '{print $5}' /proc/self/mountinfo \
    | grep -E "^($REAL_KUBELET_ROOT|$REAL_CONTAINERD_STATE|$REAL_CONTAINERD_ROOT|/run/containerd|/run/netns/cni-)" \
    | sort -r)
  rm -rf "$REAL_CONTAINERD_STATE"
  real_node_remove_cgroups
  real_node_remove_chains
  ip link del "$REAL_BRIDGE" 2>/dev/null || true
  local kind name value path
  while read -r kind name value; do
    case $kind in
      sysctl) sysctl -qw "$name=$value" || true ;;
    esac
  done <"$saved"
  while read -r kind path _; do
    [[ $kind == absent && -e $path ]] && rm -rf "$path"
  done <"$saved"
  if ! diff -q "$STATE_DIR/real-node/iptables.before" <(iptables_rules) >/dev/null 2>&1; then
    echo "warning: iptables differ from before the node started (changed by something else meanwhile?)" >&2
  fi
  rm -f "$saved" "$STATE_DIR/real-node/iptables.before" "$REAL_LOCK.owner"
  echo "host restored (bridge, iptables chains, mounts, cgroups, sysctls, node paths)"
}

# The rules and user chains of every table (empty built-in tables come and go as they are listed).
iptables_rules() {
  iptables-save 2>/dev/null | awk '/^\*/ {table = $1} /^-A |^:[^ ]+ - / {print table, $0}' || true
}

# The kubelet's cgroups (/kubepods) in every v1 hierarchy, leaves first; a cgroup goes once its processes are gone.
real_node_remove_cgroups() {
  local hierarchy dir
  for hierarchy in /sys/fs/cgroup/*/; do
    [[ -d ${hierarchy}kubepods ]] || continue
    while read -r dir; do rmdir "$dir" 2>/dev/null || true; done < <(find "${hierarchy}kubepods" -depth -type d)
  done
}

# Drops every KUBE-* and CNI-* chain, and the rules that jump to them, from every table; rules of others stay.
real_node_remove_chains() {
  local tool table rules
  for tool in iptables ip6tables; do
    command -v "$tool-save" >/dev/null || continue
    for table in filter nat mangle raw; do
      # Read whole first: `save | grep -q` under pipefail fails when grep stops reading early (SIGPIPE), which
      # skipped tables and left chains behind.
      rules=$("$tool-save" -t "$table" 2>/dev/null) || continue
      grep -qE '(KUBE|CNI)-' <<<"$rules" || continue
      grep -vE '^:(KUBE|CNI)-|^-A (KUBE|CNI)-|-j (KUBE|CNI)-|-g (KUBE|CNI)-' <<<"$rules" | "$tool-restore" -T "$table"
    done
  done
}

real_node_ready() {
  api "/api/v1/nodes/$REAL_NODE_NAME" | jq -e '
    ([.status.conditions[]? | select(.type == "Ready" and .status == "True")] | length > 0)
    and ([.spec.taints[]? | select(.key == "node.kubernetes.io/not-ready")] | length == 0)' >/dev/null
}
