#!/bin/sh
# System packages the host runtime and its tests use (Debian/Ubuntu). Run as root.
#   gcc, libc6-dev  compile assets/weft-enter.c, the one-exec overlay isolation helper
#                   (without them the runtime falls back to unshare + mount + chroot: ~10 ms slower per step)
#   util-linux      unshare and mount, the fallback mechanism (usually preinstalled)
#   bubblewrap      tried as a mechanism; only versions with --overlay (>= 0.10) can be used
#   python3         script templates and tests that run `python`
#   postgresql      the server the Postgres store tests run against (scripts/start-postgres.sh starts it)
#   podman, runc,   the podman runtime and its tests (scripts/setup-podman.sh configures podman and
#   busybox-static  builds the local test images from busybox-static)
set -eu
export DEBIAN_FRONTEND=noninteractive
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends gcc libc6-dev util-linux bubblewrap python3 postgresql
$SUDO apt-get install -y -qq podman runc catatonit busybox-static
# chromium: the headless browser the UI tests (test/ui) drive through playwright-core
$SUDO apt-get install -y -qq --no-install-recommends chromium
