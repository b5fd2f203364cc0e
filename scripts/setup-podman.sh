#!/bin/sh
# Sets up podman for weft's podman runtime on Debian/Ubuntu, in one command (run as root):
#   sh scripts/setup-podman.sh            install packages, write the configuration, build the local images
#   sh scripts/setup-podman.sh --images   only (re)build the local images (needs podman and busybox-static)
#
# What it does:
#   1. apt-get install podman runc catatonit busybox-static (catatonit is `--init`: it forwards signals).
#   2. /etc/containers/containers.conf.d/50-weft.conf: runtime runc (crun refuses hosts with hybrid
#      cgroups) and `default_ulimits = []` (hosts where containers may not set rlimits).
#   3. Local images that need no registry (see docs/podman.md, "Image aliases"):
#        localhost/weft/busybox   Debian's busybox-static, PATH=/bin, CMD sh
#        localhost/weft/argosay   the same plus weft's argosay script as ENTRYPOINT /argosay
#        localhost/weft/python    the same plus this machine's /usr/bin/python3 (when Debian's python3 is installed)
#   4. Runs one container with --network=none to prove it works.
set -eu
cd "$(dirname "$0")/.."
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v catatonit >/dev/null || [ ! -x /bin/busybox ]; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq podman runc catatonit busybox-static
  fi
}

write_config() {
  $SUDO mkdir -p /etc/containers/containers.conf.d
  $SUDO tee /etc/containers/containers.conf.d/50-weft.conf >/dev/null <<'EOF'
# Written by weft's scripts/setup-podman.sh.
[containers]
# Containers must not set rlimits on hosts that refuse them.
default_ulimits = []

[engine]
# crun refuses hosts with hybrid (v1 + v2) cgroups; runc runs there.
runtime = "runc"
EOF
}

# A root filesystem with busybox and its applets as links, /tmp, /root and a passwd entry for root.
busybox_root() {
  root=$1
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root" "$root/usr/bin" "$root/usr/local/bin" \
    "$root/mnt" "$root/home" "$root/opt" "$root/srv" "$root/var/tmp"
  chmod 1777 "$root/tmp" "$root/var/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  # Scripts written for bash mostly run under busybox's ash (as busybox's own bash applet would).
  [ -e "$root/bin/bash" ] || printf '#!/bin/sh\nexec /bin/sh "$@"\n' >"$root/bin/bash"
  chmod 0755 "$root/bin/bash"
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
}

import_root() {
  root=$1
  image=$2
  shift 2
  tar -C "$root" -cf "$root.tar" .
  $SUDO podman import --quiet --change 'ENV=PATH=/usr/local/bin:/usr/bin:/bin' "$@" "$root.tar" "$image" >/dev/null
  echo "setup-podman: built $image" >&2
}

# python3 with the shared libraries it loads and its standard library (tests and caches left out).
python_root() {
  root=$1
  python=$(readlink -f /usr/bin/python3)
  version=$(/usr/bin/python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  mkdir -p "$root/usr/bin" "$root/usr/lib"
  cp "$python" "$root/usr/bin/python3"
  ln -sf python3 "$root/usr/bin/python"
  for lib in $(ldd "$python" | awk '/=>/ { print $3 } /^[ \t]*\// { print $1 }'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  tar -C / --exclude='test' --exclude='__pycache__' --exclude='idlelib' --exclude='tkinter' \
    -cf - "usr/lib/python$version" | tar -C "$root" -xf -
}

build_images() {
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  busybox_root "$work/busybox"
  import_root "$work/busybox" localhost/weft/busybox:latest --change 'CMD=["sh"]'
  busybox_root "$work/argosay"
  install -m 0755 packages/engine/assets/argosay "$work/argosay/argosay"
  import_root "$work/argosay" localhost/weft/argosay:latest --change 'ENTRYPOINT=["/argosay"]'
  if [ -x /usr/bin/python3 ]; then
    busybox_root "$work/python"
    python_root "$work/python"
    import_root "$work/python" localhost/weft/python:latest --change 'CMD=["python3"]'
  else
    echo "setup-podman: /usr/bin/python3 is not installed (apt-get install python3); localhost/weft/python not built" >&2
  fi
}

check() {
  out=$($SUDO podman run --rm --network=none --init localhost/weft/busybox:latest echo podman works) || {
    echo "setup-podman: a test container failed to run; see the error above" >&2
    exit 1
  }
  echo "setup-podman: $out ($(podman --version), runtime $(podman info --format '{{.Host.OCIRuntime.Name}}'))" >&2
}

if [ "${1:-}" = "--images" ]; then
  build_images
  exit 0
fi
install_packages
write_config
build_images
check
