# shellcheck shell=bash
# Container images for the local real node, built on this machine from the repository's Dockerfiles
# with buildah and never pulled: there is no registry to pull from. Source this file after apt.sh.
#
# Every image is localhost/urumi/<name>:dev (images_ref NAME): for a chart, image.repository
# localhost/urumi/<name>, tag dev, pullPolicy Never. Each build ends as a docker-archive tar in the cache
# (images_archive NAME), which images_import loads into a containerd (namespace k8s.io).
#
# Cache, under $IMAGES_CACHE (default ~/.cache/urumi/images, never touched by a node's teardown):
#   storage/, run/    buildah's own image store (layers, and the layer cache of multi-step builds);
#                     containers/storage keeps storage/overlay bind-mounted on itself once used:
#                     `umount storage/overlay` before deleting the cache
#   archives/         NAME-KEY.tar, the docker-archive of the image last built for NAME
#   meta/NAME         what was built: key, id (the image config's digest), ref, archive, seconds
#   logs/NAME.log     the last build's output
#   work/NAME/        generated build contexts (pause binary, Debian root filesystem)
# KEY hashes what the image is made of: its Dockerfile, the files of the context that the Dockerfile
# copies (COPY/ADD sources, less .dockerignore), its build args, the image id of each base it builds
# FROM and, for the two images whose context is generated, the recipe of that context. A change to any
# of them rebuilds that image and what builds FROM it, nothing else.

URUMI_CACHE=${URUMI_CACHE:-$HOME/.cache/urumi}
IMAGES_CACHE=${IMAGES_CACHE:-$URUMI_CACHE/images}
IMAGES_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGES_PREFIX=localhost/urumi
IMAGES_TAG=dev
# One build at a time on this machine, whatever the cache dir of the caller.
IMAGES_LOCK=${IMAGES_LOCK:-/run/lock/urumi-images.lock}
# overlay works on this kind of machine (ext4 root, overlayfs in the kernel); vfs is the fallback
# where it does not (a cache on overlayfs or tmpfs), at the price of a full copy per layer.
IMAGES_STORAGE_DRIVER=${IMAGES_STORAGE_DRIVER:-overlay}
IMAGES_DEBIAN_SUITE=bookworm
# Names how the images are made; bump it when the recipe here changes so every image is rebuilt.
IMAGES_RECIPE_ID=1
# Names built without buildah's layer cache (scripts/images.sh rebuild).
IMAGES_FRESH=()
# The machine's CA bundle, offered to every build as the secret host-ca and stored in no layer: HTTPS from
# this machine may leave through a proxy that re-signs it. A Dockerfile that downloads over HTTPS trusts it
# with RUN --mount=type=secret,id=host-ca (images/base/node-22, images/medusa); elsewhere it is absent.
IMAGES_HOST_CA=${IMAGES_HOST_CA:-/etc/ssl/certs/ca-certificates.crt}
# The same trust as a Java trust store, the secret host-java-cacerts (Maven in the repository's Dockerfile).
IMAGES_HOST_JAVA_CA=${IMAGES_HOST_JAVA_CA:-/etc/ssl/certs/java/cacerts}

# The images, in build order. images_def NAME fills IMG_DIR (the image's folder, relative to the
# repository), IMG_CONTEXT (the build context: the folder, the repository root, or a generated
# directory), IMG_DOCKERFILE, IMG_BASES (names of images it builds FROM) and IMG_ARGS (--build-arg).
IMAGES_ALL=(pause debian probe maven-temurin-17 temurin-17-jre platform postgres-17 redis-7 node-22 medusa mysql-8 wordpress-6 wp-cli)

images_def() {
  IMG_NAME=$1 IMG_BASES=() IMG_ARGS=() IMG_VOLUMES=() IMG_GENERATED=false
  case $1 in
    pause | debian)
      IMG_DIR=images/$1 IMG_GENERATED=true
      IMG_CONTEXT=$IMAGES_CACHE/work/$1 ;;
    probe)
      IMG_DIR=images/probe ;;
    maven-temurin-17 | temurin-17-jre | postgres-17 | redis-7 | node-22 | mysql-8 | wordpress-6 | wp-cli)
      IMG_DIR=images/base/$1 ;;
    medusa)
      IMG_DIR=images/medusa IMG_BASES=(node-22) IMG_ARGS=("NODE_IMAGE=$(images_ref node-22)") ;;
    platform)
      IMG_DIR=. IMG_BASES=(maven-temurin-17 temurin-17-jre)
      IMG_ARGS=("MAVEN_IMAGE=$(images_ref maven-temurin-17)" "JRE_IMAGE=$(images_ref temurin-17-jre)")
      # The build stage's Maven shares this machine's repository: the tests' own build has already fetched nearly
      # every artifact, so a first build here does not download them all again (minutes on a fresh machine).
      mkdir -p "$HOME/.m2/repository"
      IMG_VOLUMES=("$HOME/.m2/repository:/root/.m2/repository") ;;
    *)
      echo "unknown image: $1 (known: ${IMAGES_ALL[*]})" >&2
      return 1 ;;
  esac
  [[ $IMG_GENERATED == true ]] || IMG_CONTEXT=$IMAGES_REPO/$IMG_DIR
  IMG_DOCKERFILE=$IMAGES_REPO/$IMG_DIR/Dockerfile
  # The stand-ins and the probe build FROM the Debian base, named by the BASE_IMAGE arg.
  case $1 in
    probe | maven-temurin-17 | temurin-17-jre | postgres-17 | redis-7 | node-22 | mysql-8 | wordpress-6 | wp-cli)
      IMG_BASES=(debian) IMG_ARGS=("BASE_IMAGE=$(images_ref debian)") ;;
  esac
}

images_ref() { echo "$IMAGES_PREFIX/$1:$IMAGES_TAG"; }

# Reads one field of NAME's meta file (empty when absent).
images_meta() {
  local file=$IMAGES_CACHE/meta/$1 field value
  [[ -f $file ]] || return 0
  while IFS='=' read -r field value; do
    [[ $field == "$2" ]] && { echo "$value"; return 0; }
  done <"$file"
  return 0
}

# images_archive NAME: the docker-archive of NAME's last build (whether current or not).
images_archive() { images_meta "$1" archive; }

# The buildah command line, on the cache's own storage rather than /var/lib/containers.
images_buildah() {
  buildah --root "$IMAGES_CACHE/storage" --runroot "$IMAGES_CACHE/run" \
    --storage-driver "$IMAGES_STORAGE_DRIVER" "$@"
}

# ---- keys -----------------------------------------------------------------------------------

# Prints the context-relative sources of the Dockerfile's COPY and ADD instructions (not those
# --from another stage). Shell form only; the JSON form and variables in sources are refused.
images_copy_sources() {
  sed -e ':join' -e '/\\$/{N;s/\\\n/ /;b join' -e '}' "$1" | awk '
    toupper($1) == "COPY" || toupper($1) == "ADD" {
      if ($2 ~ /^\[/) { print "JSON form of " $1 " is not supported: " $0 > "/dev/stderr"; exit 1 }
      n = 0
      for (i = 2; i <= NF; i++) {
        if ($i ~ /^--from=/) { n = -1; break }
        if ($i ~ /^--/) continue
        args[++n] = $i
      }
      for (i = 1; i < n; i++) {
        if (args[i] ~ /\$/) { print "variable in a " $1 " source is not supported: " $0 > "/dev/stderr"; exit 1 }
        print args[i]
      }
    }'
}

# images_context_files CONTEXT DOCKERFILE: "MODE PATH" of each file the Dockerfile copies from
# CONTEXT, sorted. Applies the context's .dockerignore: `**/x` anywhere, other patterns from the
# context root; `!` exceptions are not supported (none are used).
images_context_files() {
  local ctx=$1 dockerfile=$2 sources pattern prune=() src
  sources=$(images_copy_sources "$dockerfile") || return 1
  if [[ -f $ctx/.dockerignore ]]; then
    while IFS= read -r pattern || [[ -n $pattern ]]; do
      pattern=${pattern%/}
      pattern=${pattern#./}
      [[ -z $pattern || $pattern == \#* || $pattern == !* ]] && continue
      if [[ $pattern == '**/'* ]]; then
        prune+=(-name "${pattern#'**/'}" -o)
      else
        prune+=(-path "./$pattern" -o)
      fi
    done <"$ctx/.dockerignore"
  fi
  prune+=(-false)
  (
    cd "$ctx" || exit 1
    shopt -s nullglob dotglob
    local all=() matches
    for src in $sources; do
      src=${src#./}
      src=${src%/}
      # Unquoted on purpose: a source may be a glob.
      # shellcheck disable=SC2206
      matches=(./$src)
      [[ ${#matches[@]} -gt 0 ]] || { echo "$IMG_NAME: COPY source $src not found in $ctx" >&2; exit 1; }
      all+=("${matches[@]}")
    done
    find "${all[@]}" \( "${prune[@]}" \) -prune -o \( -type f -o -type l \) -printf '%m %p\n'
  ) | LC_ALL=C sort -u -k2
}

# The lines that images_key hashes (see the top of this file).
images_key_lines() {
  local name=$1 dir=$2 ctx=$3 dockerfile=$4 generated=$5 base files mode path line i
  shift 5
  local bases=()
  while [[ $# -gt 0 && $1 != -- ]]; do bases+=("$1"); shift; done
  shift
  echo "recipe $IMAGES_RECIPE_ID"
  echo "ref $IMAGES_PREFIX/$name:$IMAGES_TAG"
  [[ $# -eq 0 ]] || printf 'arg %s\n' "$@"
  for base in "${bases[@]}"; do echo "base $base $(images_meta "$base" id)"; done
  if [[ $generated == true ]]; then
    # A generated context: every file of the image's folder but its README, and the recipe.
    files=$(cd "$IMAGES_REPO/$dir" && find . -type f ! -name README.md -printf '%m %p\n' | LC_ALL=C sort -k2) || return 1
    ctx=$IMAGES_REPO/$dir
    "images_recipe_$name" || return 1
  else
    files=$(images_context_files "$ctx" "$dockerfile") || return 1
  fi
  # Few processes: this runs for every image on every call, cached or not.
  local paths=() modes=() sums=()
  while read -r mode path; do
    [[ -n $path ]] || continue
    if [[ -L $ctx/$path ]]; then
      echo "link $path $(readlink "$ctx/$path")"
      continue
    fi
    # Only the executable bit counts: the rest of a mode is the checkout's umask.
    ((8#$mode & 8#111)) && modes+=(x) || modes+=(-)
    paths+=("$path")
  done <<<"$files"
  mapfile -t sums < <(cd "$ctx" && sha256sum -- "$dockerfile" "${paths[@]}") || return 1
  [[ ${#sums[@]} -eq $((${#paths[@]} + 1)) ]] || return 1
  echo "dockerfile ${sums[0]%% *}"
  for ((i = 0; i < ${#paths[@]}; i++)); do
    line=${sums[i + 1]}
    echo "file ${modes[i]} ${line%% *} ${paths[i]}"
  done
}

# images_key NAME: prints the key of what NAME would be built from now. Fails when a base is not
# built at its current key (nothing can be said of NAME before its base exists).
images_key() {
  images_key_set "$1" || return 1
  echo "${IMAGES_KEYS[$1]}"
}

# The same without a subshell, so that the keys of the bases are computed once: fills IMAGES_KEYS[NAME].
declare -gA IMAGES_KEYS=()
images_key_set() {
  local name=$1
  [[ -n ${IMAGES_KEYS[$name]:-} ]] && return 0
  images_def "$name" || return 1
  local bases=("${IMG_BASES[@]}") args=("${IMG_ARGS[@]}") ctx=$IMG_CONTEXT dockerfile=$IMG_DOCKERFILE
  local generated=$IMG_GENERATED dir=$IMG_DIR base lines
  for base in "${bases[@]}"; do images_cached "$base" || return 1; done
  lines=$(images_key_lines "$name" "$dir" "$ctx" "$dockerfile" "$generated" "${bases[@]}" -- "${args[@]}") \
    || { echo "$name: could not compute its key" >&2; return 1; }
  lines=$(sha256sum <<<"$lines")
  IMAGES_KEYS[$name]=${lines:0:16}
}

# images_cached NAME: true when NAME's archive is built from what NAME is made of now.
images_cached() {
  local archive
  images_key_set "$1" 2>/dev/null || return 1
  archive=$(images_meta "$1" archive)
  [[ $(images_meta "$1" key) == "${IMAGES_KEYS[$1]}" && -n $archive && -f $archive ]]
}

# ---- generated contexts -------------------------------------------------------------------------

images_recipe_pause() {
  echo "gcc $(gcc -dumpfullversion 2>/dev/null) libc $(dpkg-query -W -f='${Version}' libc6-dev 2>/dev/null)"
  echo "cflags -static -Os -s"
}

# The pod sandbox: a static binary, compiled here, in an image with nothing else.
images_prepare_pause() {
  local ctx=$1
  ensure_packages gcc libc6-dev || return 1
  gcc -static -Os -s -Wall -Wextra -Werror -o "$ctx/pause" "$IMAGES_REPO/images/pause/pause.c"
}

# Prints the URI of the machine's apt source for SUITE (deb822 .sources or one-line .list files).
images_apt_uri() {
  local suite=$1 file
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f $file ]] && { cat "$file"; echo; }
  done | awk -v suite="$suite" '
    /^#/ { next }
    /^[[:space:]]*$/ { if (deb && hit && uri != "") { print uri; exit } deb = hit = 0; uri = ""; next }
    /^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
    /^URIs:/ { uri = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) hit = 1 }' | grep . && return 0
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | sed -E 's/\[[^]]*\]//' | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }' | grep .
}

images_debian_mirror() {
  [[ -n ${IMAGES_DEBIAN_MIRROR:-} ]] \
    || IMAGES_DEBIAN_MIRROR=$(images_apt_uri "$IMAGES_DEBIAN_SUITE") || IMAGES_DEBIAN_MIRROR=http://deb.debian.org/debian
  echo "$IMAGES_DEBIAN_MIRROR"
}

images_debian_security() {
  [[ -n ${IMAGES_DEBIAN_SECURITY:-} ]] \
    || IMAGES_DEBIAN_SECURITY=$(images_apt_uri "$IMAGES_DEBIAN_SUITE-security") \
    || IMAGES_DEBIAN_SECURITY=http://deb.debian.org/debian-security
  echo "$IMAGES_DEBIAN_SECURITY"
}

images_recipe_debian() {
  echo "debootstrap --variant=minbase $IMAGES_DEBIAN_SUITE $(images_debian_mirror)"
  echo "security $(images_debian_security)"
}

# The Debian base: debootstrap's minimal system from this machine's mirror, brought up to date with
# the security and updates suites, then packed as one tar that the Dockerfile ADDs.
images_prepare_debian() {
  local ctx=$1 rootfs=$1/rootfs mirror security dir=$IMAGES_REPO/images/debian tarball rootfs_key
  mirror=$(images_debian_mirror)
  security=$(images_debian_security)
  # The root filesystem is kept apart, keyed by its own recipe: a change to the Dockerfile alone
  # does not debootstrap again (`rebuild debian` does).
  rootfs_key=$({ images_recipe_debian; cat "$dir/dpkg-slim.cfg" "$dir/apt-minimal.conf"; } | sha256sum | cut -c1-16)
  tarball=$IMAGES_CACHE/work/debian-rootfs-$rootfs_key.tar
  [[ " ${IMAGES_FRESH[*]} " == *" debian "* ]] && rm -f "$tarball"
  if [[ -f $tarball ]]; then
    echo "reusing the Debian root filesystem $tarball" >&2
    ln -f "$tarball" "$ctx/rootfs.tar"
    return
  fi
  ensure_packages debootstrap || return 1
  rm -rf "$rootfs" "$ctx/rootfs.tar"
  images_run_logged "debootstrap --variant=minbase $IMAGES_DEBIAN_SUITE from $mirror" "$IMAGES_CACHE/logs/debian-debootstrap.log" \
    debootstrap --variant=minbase "$IMAGES_DEBIAN_SUITE" "$rootfs" "$mirror" || return 1
  # Slim and quiet before the upgrade, so upgraded packages drop their docs too.
  install -m 0644 "$dir/dpkg-slim.cfg" "$rootfs/etc/dpkg/dpkg.cfg.d/urumi-slim" || return 1
  install -m 0644 "$dir/apt-minimal.conf" "$rootfs/etc/apt/apt.conf.d/90urumi-minimal" || return 1
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $IMAGES_DEBIAN_SUITE $IMAGES_DEBIAN_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $IMAGES_DEBIAN_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  images_run_logged "apt-get upgrade in the new root" "$IMAGES_CACHE/logs/debian-upgrade.log" \
    chroot "$rootfs" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get -y -q upgrade && apt-get clean' \
    || return 1
  # What a container runtime provides, or what must not be baked into every container.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log \
    "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/lib/dpkg/*-old
  find "$rootfs"/usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
  find "$rootfs"/usr/share/doc -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  rm -f "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
  tar --numeric-owner --xattrs -C "$rootfs" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -cf "$tarball.tmp" . || return 1
  rm -rf "$rootfs"
  find "$IMAGES_CACHE/work" -maxdepth 1 -name 'debian-rootfs-*.tar' -delete
  mv "$tarball.tmp" "$tarball"
  ln -f "$tarball" "$ctx/rootfs.tar"
}

# ---- building -----------------------------------------------------------------------------------

# images_run_logged WHAT LOG CMD...: runs CMD with its output in LOG, a line every 20 s meanwhile.
images_run_logged() {
  local what=$1 log=$2
  shift 2
  mkdir -p "$(dirname "$log")"
  local start=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$! next=20
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if ((SECONDS - start >= next)); then
      echo "  $what: $((SECONDS - start)) s: $(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | grep -v '^[[:space:]]*$' | tail -n 1 | cut -c1-100)" >&2
      next=$((next + 20))
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    echo "$what failed after $((SECONDS - start)) s (full log: $log)" >&2
    return 1
  fi
}

# Makes sure a base is in buildah's store under its ref with the id of its archive (it may have
# been removed from the store, or the store wiped, while the archive stayed).
images_load_base() {
  local name=$1 ref id
  ref=$(images_ref "$name")
  id=$(images_meta "$name" id)
  [[ $(images_buildah inspect --type image --format '{{.FromImageID}}' "$ref" 2>/dev/null) == "$id" ]] && return 0
  echo "loading $ref into buildah's store from its archive" >&2
  images_buildah pull --quiet "docker-archive:$(images_meta "$name" archive)" >/dev/null \
    && images_buildah tag "$id" "$ref"
}

# Builds one image whose bases are built; records it in meta/NAME. Call with the lock held.
images_build_one() {
  local name=$1 key ref start=$SECONDS base arg
  key=$(images_key "$name") || return 1
  images_def "$name"  # after images_key, which defines the bases on its way
  ref=$(images_ref "$name")
  local log=$IMAGES_CACHE/logs/$name.log archive=$IMAGES_CACHE/archives/$name-$key.tar
  echo "building $ref (key $key)" >&2
  if [[ $IMG_GENERATED == true ]]; then
    rm -rf "$IMG_CONTEXT"
    mkdir -p "$IMG_CONTEXT"
    "images_prepare_$name" "$IMG_CONTEXT" || return 1
  fi
  for base in "${IMG_BASES[@]}"; do images_load_base "$base" || return 1; done
  local cmd=(bud --isolation chroot --network host --format docker --layers --pull=never
    -f "$IMG_DOCKERFILE" -t "$ref")
  for arg in "${IMG_ARGS[@]}"; do cmd+=(--build-arg "$arg"); done
  for arg in "${IMG_VOLUMES[@]}"; do cmd+=(--volume "$arg"); done
  [[ " ${IMAGES_FRESH[*]} " == *" $name "* ]] && cmd+=(--no-cache)
  [[ -s $IMAGES_HOST_CA ]] && cmd+=(--secret "id=host-ca,src=$IMAGES_HOST_CA")
  [[ -s $IMAGES_HOST_JAVA_CA ]] && cmd+=(--secret "id=host-java-cacerts,src=$IMAGES_HOST_JAVA_CA")
  images_run_logged "buildah build of $name" "$log" images_buildah "${cmd[@]}" "$IMG_CONTEXT" || return 1
  local id
  id=$(images_buildah inspect --type image --format '{{.FromImageID}}' "$ref") || return 1
  mkdir -p "$IMAGES_CACHE/archives" "$IMAGES_CACHE/meta"
  rm -f "$archive.tmp"
  images_buildah push --quiet --format docker "$ref" "docker-archive:$archive.tmp:$ref" >>"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; echo "could not write the archive of $ref" >&2; return 1; }
  mv "$archive.tmp" "$archive" || return 1
  # The archive's config is the image itself: its digest must be the id we record.
  if ! tar -xOf "$archive" manifest.json | grep -q "\"Config\":\"$id.json\""; then
    echo "the archive of $ref does not hold image $id" >&2
    return 1
  fi
  # Earlier archives of this image are no longer wanted.
  find "$IMAGES_CACHE/archives" -maxdepth 1 -name "$name-*.tar" ! -name "$name-$key.tar" -delete
  cat >"$IMAGES_CACHE/meta/$name.tmp" <<META
key=$key
id=$id
ref=$ref
archive=$archive
seconds=$((SECONDS - start))
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
META
  mv "$IMAGES_CACHE/meta/$name.tmp" "$IMAGES_CACHE/meta/$name" || return 1
  [[ $IMG_GENERATED == true ]] && rm -rf "$IMG_CONTEXT"
  echo "built $ref in $((SECONDS - start)) s: $archive ($(du -m "$archive" | cut -f1) MiB)" >&2
}

# Prints NAME's bases (recursively) and then NAME, each once, in build order.
images_with_bases() {
  local name base
  for name in "$@"; do
    images_def "$name" || return 1
    local bases=("${IMG_BASES[@]}")
    for base in "${bases[@]}"; do images_with_bases "$base"; done
    echo "$name"
  done | awk '!seen[$0]++'
}

# ensure_images NAME...: builds what is not cached among NAME and their bases, one build at a
# time on the machine. Quick when all is cached. Progress goes to stderr.
ensure_images() {
  local order name todo=()
  order=$(images_with_bases "$@") || return 1
  for name in $order; do images_cached "$name" || todo+=("$name"); done
  [[ ${#todo[@]} -eq 0 ]] && return 0
  [[ $(id -u) -eq 0 ]] || { echo "building images needs root (buildah, debootstrap)" >&2; return 1; }
  ensure_packages buildah
  mkdir -p "$IMAGES_CACHE/logs" "$(dirname "$IMAGES_LOCK")"
  (
    if ! flock -n 9; then
      echo "waiting for another image build on this machine (lock $IMAGES_LOCK)" >&2
      flock 9
    fi
    for name in $order; do
      # Another build may have made it while we waited, and keys of dependents change as bases build.
      IMAGES_KEYS=()
      images_cached "$name" && continue
      images_build_one "$name" || exit 1
    done
  ) 9>"$IMAGES_LOCK"
}

# images_prune: frees buildah's store of everything but the tagged images (old builds and the layer
# cache of multi-step builds: the next platform build downloads its Maven dependencies again).
# The archives stay. Under the build lock, so no build is cut short.
images_prune() {
  [[ $(id -u) -eq 0 ]] || { echo "pruning needs root" >&2; return 1; }
  mkdir -p "$(dirname "$IMAGES_LOCK")"
  (
    flock 9
    images_buildah rm --all >/dev/null
    images_buildah rmi --prune >/dev/null
    echo "buildah's store: $(du -sh "$IMAGES_CACHE/storage" | cut -f1)" >&2
  ) 9>"$IMAGES_LOCK"
}

# ---- containerd ---------------------------------------------------------------------------------

# images_import SOCKET NAME...: builds NAME if needed and imports its archive into the containerd
# at SOCKET, namespace k8s.io (the kubelet's), unless that image id is there under its ref already.
images_import() {
  local sock=$1 name ref id digest have
  shift
  ensure_packages containerd
  ensure_images "$@" || return 1
  for name in "$@"; do
    ref=$(images_ref "$name")
    id=$(images_meta "$name" id)
    have=
    digest=$(ctr -a "$sock" -n k8s.io images ls "name==$ref" 2>/dev/null | awk 'NR == 2 { print $3 }')
    if [[ -n $digest ]]; then
      have=$(ctr -a "$sock" -n k8s.io content get "$digest" 2>/dev/null \
        | grep -o '"config":{[^}]*}' | grep -o 'sha256:[0-9a-f]*' | cut -d: -f2)
    fi
    if [[ $have == "$id" ]]; then
      echo "$ref: already in containerd" >&2
      continue
    fi
    local start=$SECONDS
    ctr -a "$sock" -n k8s.io images import "$(images_meta "$name" archive)" >/dev/null \
      || { echo "could not import $ref into containerd at $sock" >&2; return 1; }
    echo "$ref: imported in $((SECONDS - start)) s" >&2
  done
}
