#!/usr/bin/env bash
# The real-VF stage (issue 15): real SR-IOV VFs from QEMU's emulated Intel 82576 (igb),
# created by a real Linux kernel, hot-plugged by a real libvirtd into a nested guest
# through vfio-pci, driven by the real sriov-compute binary on the kernel's own /sys.
# Run as root on a fresh Debian 12 machine, after `swift build`; self-contained:
#   1. the libvirt stage's packages (stages/libvirt/packages.sh) and a pinned QEMU >= 8
#      (the emulated igb) from bookworm-backports, through apt lists of its own: the
#      machine's apt sources and lists are left as they were;
#   2. the guest of the libvirt stage (stages/libvirt/build-guest.sh), which is L1 and L2;
#   3. boots L1 under TCG: q35, an emulated IOMMU, two igb NICs behind PCIe root ports, this
#      machine's / read-only over 9p and the work folder's share/ writable; L1 chroots into
#      an overlay of that root and runs l1.sh (VFs, a private libvirtd, the tests);
#   4. prints L1's console as it goes, and each step's time; stops L1 by PID at the end or
#      on interruption. Exits non-zero unless the tests ran and all passed.
# Work folder: $REALVF_WORK, default <repo>/.build-realvf (the guest is shared with the
# libvirt stage's, <repo>/.build-libvirt/guest, or $LIBVIRT_WORK/guest).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here=$repo/stages/realvf
work=${REALVF_WORK:-$repo/.build-realvf}
guest=${LIBVIRT_WORK:-$repo/.build-libvirt}/guest
binary=${SRIOV_COMPUTE_BIN:-$repo/.build/debug/sriov-compute}
# The QEMU that emulates igb with SR-IOV: 8.0 or later; bookworm has 7.2.
qemu_version="1:10.0.2+ds-2+deb13u1~bpo12+1"
start=$(date +%s.%N)
log() { printf '[%7.2fs] %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$*"; }

[ -x "$binary" ] || { echo "realvf: no executable binary at $binary (run swift build first)"; echo "realvf: 0 passed, 1 failed"; exit 1; }

log "packages"
"$repo/stages/libvirt/packages.sh" "$guest"
if [ "$(dpkg-query -W -f '${Version}' qemu-system-x86)" != "$qemu_version" ]; then
  log "QEMU $qemu_version from bookworm-backports"
  "$here/install-qemu.sh" "$qemu_version" "$work/apt"
fi
qemu-system-x86_64 -device help | grep -q '"igb"' || { echo "realvf: $(qemu-system-x86_64 --version | head -1) has no igb device" >&2; exit 1; }

log "guest kernel + initramfs"
"$repo/stages/libvirt/build-guest.sh" "$guest"

log "L1 boot"
rm -rf "$work/share" && mkdir -p "$work/share" "$work/logs"
# What l1.sh needs to know, on the share it sees at the same path.
printf 'binary=%q\nguest=%q\n' "$binary" "$guest" > "$work/share/stage.env"
console=$work/logs/l1.console
: > "$console"
qemu_pid=""
tail_pid=""
cleanup() {
  set +e
  [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
  [ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Kernel arguments: no_timer_check, as under load the timer check through the
# interrupt-remapped IO-APIC fails and panics; mitigations=off, as page-table isolation
# switches CR3 on every kernel entry and each switch flushes TCG's software TLB (L1 and L2
# run only this stage's own code). L1's size: its kernel, the tmpfs overlay, libvirtd, the service and the L2 QEMU (256 MiB
# of guest memory). Two vCPUs on MTTCG threads; the igb NICs' networks go nowhere
# (restrict=on) and nothing in L1 sends through them.
# The whole stage's budget: timeout stops a wedged L1 (and is what the EXIT trap stops).
timeout "${REALVF_TIMEOUT:-1800}" qemu-system-x86_64 \
  -machine q35,accel=tcg,kernel-irqchip=split -cpu max -smp 2 -m 3072 \
  -device intel-iommu,intremap=on,caching-mode=on \
  -device pcie-root-port,id=rp1,chassis=1,slot=1 -device pcie-root-port,id=rp2,chassis=2,slot=2 \
  -netdev user,id=igb0,restrict=on -device igb,netdev=igb0,bus=rp1,mac=52:54:00:1a:00:01 \
  -netdev user,id=igb1,restrict=on -device igb,netdev=igb1,bus=rp2,mac=52:54:00:1a:00:02 \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot \
  -virtfs local,path="$work/share",mount_tag=work,security_model=none,multidevs=remap,id=work \
  -kernel "$guest/vmlinuz" -initrd "$guest/initramfs.gz" \
  -append "console=ttyS0 panic=-1 quiet loglevel=4 no_timer_check mitigations=off intel_iommu=on realvf_host=1 realvf_run=$here/l1.sh realvf_work=$work/share" \
  -display none -monitor none -serial "file:$console" -no-reboot > "$work/logs/qemu.out" 2>&1 < /dev/null &
qemu_pid=$!
tail -n +1 -f --pid="$qemu_pid" "$console" &
tail_pid=$!
wait "$qemu_pid" || true
qemu_pid=""
wait "$tail_pid" 2>/dev/null || true
tail_pid=""
cat "$work/logs/qemu.out"
log "L1 powered off"
rm -rf "$work/logs/l1"
cp -r "$work/share/logs" "$work/logs/l1" 2>/dev/null || true

status=0
# The serial console ends its lines with CR LF.
tr -d '\r' < "$console" > "$work/logs/l1.txt"
grep -aq '^REALVF-EXIT status=0 ' "$work/logs/l1.txt" || status=1
# The driver's closing line in L1 (stages/realvf/realvf.py); none: it died before.
summary=$(grep -aE '^realvf: [0-9]+ passed, [0-9]+ failed$' "$work/logs/l1.txt" | tail -1)
if [ -z "$summary" ]; then
  echo "realvf: 0 passed, 1 failed"
  status=1
elif ! [[ $summary =~ ^realvf:\ [1-9][0-9]*\ passed,\ 0\ failed$ ]]; then
  status=1
fi
log "done, status $status"
exit "$status"
