#!/usr/bin/env bash
# Runs "$@" in a private mount namespace (and, with LV_NETNS=1, a private network
# namespace) where every libvirt state directory lives under $LV_BASE and the Debian
# compile-time qemu user (libvirt-qemu) exists. Nothing outside $LV_BASE is written.
# LV_NETNS_SETUP, if set, is run inside the namespaces first (e.g. to create veths).
set -euo pipefail
base=${LV_BASE:?LV_BASE must name the libvirt state folder}
mkdir -p "$base"/{etc,lib,run,log,cache,ovl/upper,ovl/work,runovl/upper,runovl/work}
if [ ! -f "$base/passwd" ]; then
  cp /etc/passwd "$base/passwd"
  echo 'libvirt-qemu:x:64055:64055:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin' >> "$base/passwd"
fi
if [ ! -f "$base/group" ]; then
  cp /etc/group "$base/group"
  printf 'libvirt-qemu:x:64055:\nkvm:x:64056:\n' >> "$base/group"
fi
[ -f "$base/etc/libvirt.conf" ] || cp -a /etc/libvirt/. "$base/etc/"
export LV_BASE=$base
netflag=()
[ "${LV_NETNS:-0}" = 1 ] && netflag=(-n)
exec unshare -m "${netflag[@]}" --propagation private -- bash -c '
  set -e
  b=$LV_BASE
  # mount -n: never record these mounts in the host'"'"'s /run/mount/utab.
  mount -n -t overlay overlay -o lowerdir=/run,upperdir=$b/runovl/upper,workdir=$b/runovl/work /run
  mount -n -t overlay overlay -o lowerdir=/var,upperdir=$b/ovl/upper,workdir=$b/ovl/work /var
  mkdir -p /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt
  mount -n --bind $b/run /run/libvirt
  mount -n --bind $b/lib /var/lib/libvirt
  mount -n --bind $b/cache /var/cache/libvirt
  mount -n --bind $b/log /var/log/libvirt
  mount -n --bind $b/etc /etc/libvirt
  mount -n --bind $b/passwd /etc/passwd
  mount -n --bind $b/group /etc/group
  if [ -n "${LV_NETNS_SETUP:-}" ]; then eval "$LV_NETNS_SETUP"; fi
  exec "$@"
' ns-run "$@"
