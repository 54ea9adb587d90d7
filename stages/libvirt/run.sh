#!/usr/bin/env bash
# The libvirt integration stage: a real libvirtd and real QEMU guests on this machine.
# Run as root on a fresh Debian 12 machine; self-contained and idempotent:
#   1. apt-installs the Debian packages it needs, if missing (packages.sh);
#   2. builds the guest (Debian kernel + busybox initramfs) under the work folder, once;
#   3. starts a private libvirtd (private-libvirtd.sh) in its own mount + network namespace, all of its state
#      under the work folder (nothing written to /etc, /var or /run of the host), with
#      veths named like the fake host's VF netdevs standing in for VFs and a bridge for
#      normal ports' taps; the namespaces are
#      held by a process of their own, so the tests can restart libvirtd in them
#      (libvirtd.sh, named to the tests by SRIOV_LIBVIRT_CONTROL);
#   4. runs the Swift integration tests (swift test --filter LibvirtIntegration) against it;
#   5. tears down what it started — domains, then libvirtd and the namespace holder, by
#      PID — even on failure. Exits non-zero when a step or a test fails.
# Work folder: $LIBVIRT_WORK, default <repo>/.build-libvirt.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
kit=$repo/stages/libvirt
work=${LIBVIRT_WORK:-$repo/.build-libvirt}
export PATH="/opt/swift/usr/bin:$PATH"
start=$(date +%s.%N)
log() { printf '[%7.2fs] %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$*"; }

log "packages"
"$kit/packages.sh" "$work/guest"

log "guest kernel + initramfs"
"$kit/build-guest.sh" "$work/guest"

log "libvirtd"
rm -rf "$work/consoles" && mkdir -p "$work/consoles"
# The VF netdevs of the fake host the tests use (1 PF × 4 VFs: ens0f0v0…ens0f0v3), as
# veths in libvirtd's own network namespace, where macvtap devices are created on them.
vf_netdevs="ens0f0v0,ens0f0v1,ens0f0v2,ens0f0v3"
# And a Linux bridge for normal (virtio) ports: libvirt puts their taps on it.
bridge=br-normal
setup="ip link set lo up; ip link add $bridge type bridge; ip link set $bridge up"
for netdev in ${vf_netdevs//,/ }; do
  setup="$setup; ip link add $netdev type veth peer name peer-$netdev; ip link set $netdev up; ip link set peer-$netdev up"
done
source "$kit/private-libvirtd.sh"
cleanup() {
  set +e
  private_libvirtd_stop
  log "libvirtd and the namespace holder ${LV_ANCHOR_PID:-(none)} stopped"
}
trap cleanup EXIT
# Interrupted: exit through the EXIT trap, so the tear-down runs then too.
trap 'exit 130' INT TERM
private_libvirtd_start "$work" 1 "$setup"
uri=$libvirt_uri
log "libvirtd ready (pid $(cat "$work/libvirtd.pid"))"

log "swift test --filter LibvirtIntegration"
cd "$repo"
status=0
# --no-parallel: the suites of different test targets share the veths and one libvirtd
# (a macvtap in passthrough mode takes its VF netdev whole), so they must not overlap.
SRIOV_LIBVIRT_URI="$uri" \
SRIOV_LIBVIRT_KERNEL="$work/guest/vmlinuz" \
SRIOV_LIBVIRT_INITRD="$work/guest/initramfs.gz" \
SRIOV_LIBVIRT_CONSOLES="$work/consoles" \
SRIOV_LIBVIRT_VF_NETDEVS="$vf_netdevs" \
SRIOV_LIBVIRT_BRIDGE="$bridge" \
SRIOV_LIBVIRT_CONTROL="$kit/libvirtd.sh" \
  swift test --disable-xctest --no-parallel --filter LibvirtIntegration 2>&1 | tee "$work/logs/swift-test.log" || status=$?
# (pipefail: the status is swift test's.) A run that found no tests fails too.
grep -qE "Test run with [1-9][0-9]* tests? .*passed" "$work/logs/swift-test.log" || status=1
log "done, status $status"
exit "$status"
