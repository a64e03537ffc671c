# shellcheck shell=bash
# Debian package helpers shared by the project's scripts. Source this file.

# Runs a command as root: directly when we are root (CI), else through sudo when it exists.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "need root for: $*  (no sudo available)" >&2
    return 1
  fi
}

# ensure_packages PKG...: installs the packages that are missing. Quick when nothing is missing:
# dpkg is asked first, and the package lists are refreshed only when something must be installed.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "installing packages: ${missing[*]}"
  local log
  log=$(mktemp)
  if ! { as_root apt-get update -q -o DPkg::Lock::Timeout=600 \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    echo "could not install: ${missing[*]}" >&2
    return 1
  fi
  rm -f "$log"
}

# ensure_deb_src: makes `apt-get source` work by adding deb-src entries for this system's own
# Debian suites, unless some deb-src entry already exists. Refreshes the lists when it adds one.
ensure_deb_src() {
  if grep -Eqs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    || grep -Eqs '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources; then
    return 0
  fi
  local codename
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  echo "adding deb-src entries for Debian $codename"
  as_root tee /etc/apt/sources.list.d/urumi-src.sources >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  as_root apt-get update -q >/dev/null
}
