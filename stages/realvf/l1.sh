#!/usr/bin/env bash
# Runs inside L1 (stages/realvf/run.sh boots it; stages/libvirt/guest-init.sh chroots into an
# overlay of the host's root and runs this with the shared work folder as $1): creates the
# VFs on the first igb PF, starts the private libvirtd (stages/libvirt/private-libvirtd.sh,
# in a mount namespace of its own but on L1's real netdevs, which libvirt programs), runs
# the test driver (realvf.py) against the real /sys, and stops what it started.
set -euo pipefail
share=${1:?usage: l1.sh SHARED-FOLDER}
repo=$(cd "$(dirname "$0")/../.." && pwd)
# What run.sh passes on: binary=… guest=…
source "$share/stage.env"
# The stage's state in L1, on a tmpfs of its own: libvirtd's namespace overlays need upper
# folders on a filesystem that is not an overlay itself, as L1's root is.
work=/tmp/realvf
mkdir -p "$work" "$share/logs"
mount -t tmpfs tmpfs "$work"
up() { cut -d' ' -f1 /proc/uptime; }
start=$(up)
log() { echo "[L1 $(echo "$(up) $start" | awk '{printf "%7.2f", $1-$2}')s] $*"; }

log "VFs"
# The igb PFs in address order: VFs on the first; the second is the direct-physical PF.
pfs=()
for device in /sys/bus/pci/devices/*; do
  [ "$(cat "$device/vendor"):$(cat "$device/device")" = 0x8086:0x10c9 ] && pfs+=("$(basename "$device")")
done
[ "${#pfs[@]}" = 2 ] || { echo "realvf: expected two igb PFs (8086:10c9), found ${#pfs[*]}"; echo "realvf: 0 passed, 1 failed"; exit 1; }
# Three VFs: a direct port, a macvtap port and the one the never-booted guest keeps.
vfs=3
# The igb NICs' wires go nowhere: no IPv6 chatter on them (the emulated PF's transmit
# queue hangs on it, see the stage's README).
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
# The PF up: its VFs' mailbox handshake (igbvf) needs a PF out of reset.
ip link set "$(ls "/sys/bus/pci/devices/${pfs[0]}/net")" up
echo "$vfs" > "/sys/bus/pci/devices/${pfs[0]}/sriov_numvfs"
log "$(cat "/sys/bus/pci/devices/${pfs[0]}/sriov_numvfs") VFs on ${pfs[0]}"

log "libvirtd"
source "$repo/stages/libvirt/private-libvirtd.sh"
cleanup() {
  set +e
  private_libvirtd_stop
  cp "$work/logs/"* "$LV_BASE/log/libvirtd.log" "$share/logs/" 2>/dev/null
  return 0
}
trap cleanup EXIT
private_libvirtd_start "$work" 0
log "libvirtd ready"

log "tests"
source "$repo/stages/harness/stage.sh"
status=0
stage_python "$repo/stages/realvf/realvf.py" --binary "$binary" --workdir "$work/service" \
  --libvirt-uri "$libvirt_uri" --guest "$guest" --pfs "${pfs[@]}" --vfs "$vfs" --logs "$share/logs" || status=$?
log "tests done, status $status"
exit "$status"
