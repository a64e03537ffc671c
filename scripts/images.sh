#!/usr/bin/env bash
# Container images for the local real node, built here with buildah from the repository's
# Dockerfiles and cached; never pulled. See usage() below and scripts/lib/images.sh.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/apt.sh
source "$REPO/scripts/lib/apt.sh"
# shellcheck source=lib/images.sh
source "$REPO/scripts/lib/images.sh"

usage() {
  cat <<USAGE
usage: scripts/images.sh COMMAND

  build NAME...      build the images (and the images they build FROM) that are not cached;
                     prints the docker-archive of each NAME, one a line (progress goes to stderr)
  rebuild NAME...    the same, but builds NAME anew even when cached (e.g. debian, for newer
                     security updates; what builds FROM it rebuilds on its next build)
  import --address SOCKET NAME...
                     build if needed, then import into containerd at SOCKET, namespace k8s.io
                     (skipped when that image id is there under its reference already)
  list               each known image: name, reference, cached, outdated or missing, archive
  prune              free buildah's store of all but the tagged images (the archives stay; the next
                     platform build downloads its Maven dependencies again)
  ref NAME           prints the image's reference

Images: ${IMAGES_ALL[*]}
References: $IMAGES_PREFIX/<name>:$IMAGES_TAG   Cache: $IMAGES_CACHE
USAGE
}

check_names() {
  local name
  [[ $# -gt 0 ]] || { usage >&2; exit 2; }
  for name in "$@"; do images_def "$name" >/dev/null || exit 2; done
}

action=${1:-}
[[ $# -gt 0 ]] && shift
case $action in
  build | rebuild)
    check_names "$@"
    if [[ $action == rebuild ]]; then
      for name in "$@"; do rm -f "$IMAGES_CACHE/meta/$name"; done
      IMAGES_FRESH=("$@")
    fi
    ensure_images "$@"
    for name in "$@"; do images_archive "$name"; done
    ;;
  import)
    sock=
    if [[ ${1:-} == --address ]]; then
      sock=${2:-}
      shift 2 || true
    elif [[ ${1:-} == --address=* ]]; then
      sock=${1#--address=}
      shift
    fi
    [[ -n $sock ]] || { echo "import needs --address <containerd socket>" >&2; exit 2; }
    check_names "$@"
    images_import "$sock" "$@"
    ;;
  list)
    printf '%-18s %-40s %-10s %s\n' NAME REFERENCE STATE ARCHIVE
    for name in "${IMAGES_ALL[@]}"; do
      archive=$(images_archive "$name")
      if images_cached "$name"; then
        state=cached
      elif [[ -n $archive && -f $archive ]]; then
        state=outdated
      else
        state=missing
      fi
      size=-
      [[ -n $archive && -f $archive ]] && size="$archive ($(du -m "$archive" | cut -f1) MiB)"
      printf '%-18s %-40s %-10s %s\n' "$name" "$(images_ref "$name")" "$state" "$size"
    done
    ;;
  prune)
    images_prune
    ;;
  ref)
    check_names "$@"
    for name in "$@"; do images_ref "$name"; done
    ;;
  -h | --help | help)
    usage
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac
