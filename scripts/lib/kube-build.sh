# shellcheck shell=bash
# Builds the Kubernetes control plane from Debian's `kubernetes` source package, once per machine,
# into a cache: there is no other source of these binaries here. Source this file after apt.sh.

KUBE_VERSION=1.20.2
URUMI_CACHE=${URUMI_CACHE:-$HOME/.cache/urumi}
KUBE_BIN_DIR=$URUMI_CACHE/kubernetes-$KUBE_VERSION/bin
KUBE_SERVER_CMDS=(kube-apiserver kube-controller-manager kube-scheduler)
# What a real node adds (scripts/lib/real-node.sh); built together with the servers by `prepare`.
KUBE_NODE_CMDS=(kubelet kube-proxy)
# Names how the binaries were made; bump it when the recipe changes so caches get rebuilt.
KUBE_BUILD_ID=reflect2-1.0.2+kubelet-sysctl-warn

kube_binaries_cached() {
  local cmd
  [[ $(cat "$KUBE_BIN_DIR/.build-id" 2>/dev/null) == "$KUBE_BUILD_ID" ]] || return 1
  for cmd in "$@"; do [[ -x $KUBE_BIN_DIR/$cmd ]] || return 1; done
}

# ensure_kube_binaries [CMD...]: makes $KUBE_BIN_DIR/CMD exist for each CMD (default: the three
# control plane servers). Quick when cached; otherwise fetches the source and builds (4-7 min).
ensure_kube_binaries() {
  local cmds=("$@")
  [[ ${#cmds[@]} -gt 0 ]] || cmds=("${KUBE_SERVER_CMDS[@]}")
  kube_binaries_cached "${cmds[@]}" && return 0
  mkdir -p "$URUMI_CACHE"
  # One build at a time, even when several clusters start at once on a fresh machine.
  (
    flock 8
    kube_binaries_cached "${cmds[@]}" && exit 0
    ensure_packages golang-go rsync jq dpkg-dev
    local tree missing=() cmd
    tree=$(kube_source_tree)
    # Binaries already in the tree count only if this recipe made them.
    if [[ $(cat "$tree/_output/.urumi-build-id" 2>/dev/null) != "$KUBE_BUILD_ID" ]]; then
      # (make also copies every binary it ever built from its GOPATH bin dir: clear both)
      find "$tree/_output" -path '*/bin/*' -name 'kube*' -type f -delete 2>/dev/null || true
      rm -f "$KUBE_BIN_DIR"/kube*
    fi
    for cmd in "${cmds[@]}"; do
      [[ -x $tree/_output/bin/$cmd ]] || missing+=("$cmd")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
      patch_kube_tree "$tree"
      build_kube "$tree" "${missing[@]}"
      echo "$KUBE_BUILD_ID" >"$tree/_output/.urumi-build-id"
    fi
    mkdir -p "$KUBE_BIN_DIR"
    for cmd in "${cmds[@]}"; do
      cp "$tree/_output/bin/$cmd" "$KUBE_BIN_DIR/.$cmd.tmp"
      mv "$KUBE_BIN_DIR/.$cmd.tmp" "$KUBE_BIN_DIR/$cmd"
    done
    echo "$KUBE_BUILD_ID" >"$KUBE_BIN_DIR/.build-id"
    echo "kubernetes binaries cached in $KUBE_BIN_DIR"
  ) 8>"$URUMI_CACHE/build.lock"
}

# Prints the unpacked source tree, fetching it with `apt-get source` when absent.
kube_source_tree() {
  local src=$URUMI_CACHE/src tree
  tree=$(find_kube_tree "$src")
  if [[ -z $tree ]]; then
    ensure_deb_src >&2
    mkdir -p "$src"
    echo "fetching Debian's kubernetes source into $src" >&2
    # The source lists may be older than the deb-src entry: refresh once and retry.
    if ! (cd "$src" && apt-get source -q kubernetes >"$src/apt-source.log" 2>&1); then
      as_root apt-get update -q >/dev/null
      (cd "$src" && apt-get source -q kubernetes >"$src/apt-source.log" 2>&1) \
        || { tail -n 20 "$src/apt-source.log" >&2; return 1; }
    fi
    tree=$(find_kube_tree "$src")
  fi
  [[ -n $tree ]] || { echo "no kubernetes source tree under $src" >&2; return 1; }
  echo "$tree"
}

find_kube_tree() {
  local dir
  for dir in "$1"/kubernetes-[0-9]*/; do
    [[ -f $dir/hack/lib/golang.sh ]] && { echo "${dir%/}"; return 0; }
  done
  return 0
}

# Kubernetes 1.20 vendors reflect2 v1.0.1, which reads Go runtime internals that changed in Go 1.18:
# built with Debian 12's Go 1.19, the API server panics decoding some maps (a Node's capacity).
# v1.0.2 fixes that (Debian builds its own package against it), so swap it into vendor/.
patch_kube_tree() {
  local tree=$1 fixed=/usr/share/gocode/src/github.com/modern-go/reflect2
  ensure_packages golang-github-modern-go-reflect2-dev
  rsync -a --delete --exclude=go.mod "$fixed/" "$tree/vendor/github.com/modern-go/reflect2/"
  # The kubelet "fixes" host sysctls (vm.overcommit_memory, kernel.panic, kernel.panic_on_oops) at start;
  # this machine is not ours to retune, and with protectKernelDefaults it refuses to start instead. Warn only.
  sed -i 's/^\tb := KernelTunableModify$/\tb := KernelTunableWarn/' "$tree/pkg/kubelet/cm/container_manager_linux.go"
  grep -q '^	b := KernelTunableWarn$' "$tree/pkg/kubelet/cm/container_manager_linux.go" \
    || { echo "could not patch the kubelet's sysctl behaviour" >&2; return 1; }
}

# build_kube TREE CMD...: runs the upstream make in a GOPATH layout, printing progress every 20 s.
build_kube() {
  local tree=$1 log=$URUMI_CACHE/build.log
  shift
  local what=${*/#/cmd/}
  mkdir -p "$tree/.go/src/k8s.io"
  ln -sfn "$tree" "$tree/.go/src/k8s.io/kubernetes"
  echo "building $* from $tree (several minutes; log: $log)"
  local start=$SECONDS
  (cd "$tree" && GOPATH=$tree/.go CGO_ENABLED=0 GO111MODULE=off make WHAT="$what") >"$log" 2>&1 &
  local pid=$! next=20
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( SECONDS - start >= next )); then
      echo "  still building, $((SECONDS - start)) s: $(grep -v '^[[:space:]]*$' "$log" | tail -n 1 | cut -c1-100)"
      next=$((next + 20))
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    echo "kubernetes build failed after $((SECONDS - start)) s (full log: $log)" >&2
    return 1
  fi
  echo "built in $((SECONDS - start)) s"
}
