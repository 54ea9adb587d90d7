#!/usr/bin/env bash
# Installs the Debian packages the libvirt stages need (libvirt, QEMU, the XML tools),
# each only if missing (--no-install-recommends), and refreshes apt's lists first when a
# package is missing or the guest in $1 is not built yet (build-guest.sh downloads the
# kernel package through apt). stages/libvirt/run.sh and stages/realvf/run.sh use it.
set -euo pipefail
guest=${1:?usage: packages.sh GUEST-FOLDER}
packages=(libvirt-dev libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 qemu-utils libxml2-utils iproute2 bc python3)
need=()
for package in "${packages[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || need+=("$package"); done
if [ "${#need[@]}" -gt 0 ] || [ ! -f "$guest/initramfs.gz" ]; then
  apt-get update -qq
fi
if [ "${#need[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
