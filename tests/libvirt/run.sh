#!/usr/bin/env bash
# The libvirt integration stage: a real libvirtd and real QEMU guests on this machine.
# Run as root on a fresh Debian 12 machine; self-contained and idempotent:
#   1. apt-installs the Debian packages it needs, if missing (--no-install-recommends);
#   2. builds the guest (Debian kernel + busybox initramfs) under the work folder, once;
#   3. starts a private libvirtd in its own mount + network namespace, all of its state
#      under the work folder (nothing written to /etc, /var or /run of the host), with
#      veths named like the fake host's VF netdevs standing in for VFs; the namespaces are
#      held by a process of their own, so the tests can restart libvirtd in them
#      (libvirtd.sh, named to the tests by SRIOV_LIBVIRT_CONTROL);
#   4. runs the Swift integration tests (swift test --filter LibvirtIntegration) against it;
#   5. tears down what it started — domains, then libvirtd and the namespace holder, by
#      PID — even on failure. Exits non-zero when a step or a test fails.
# Work folder: $LIBVIRT_WORK, default <repo>/.build-libvirt.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
kit=$repo/tests/libvirt
work=${LIBVIRT_WORK:-$repo/.build-libvirt}
export PATH="/opt/swift/usr/bin:$PATH"
start=$(date +%s.%N)
log() { printf '[%7.2fs] %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$*"; }

log "packages"
packages=(libvirt-dev libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 qemu-utils libxml2-utils iproute2 bc python3)
need=()
for package in "${packages[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || need+=("$package"); done
if [ "${#need[@]}" -gt 0 ] || [ ! -f "$work/guest/initramfs.gz" ]; then
  apt-get update -qq
fi
if [ "${#need[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

log "guest kernel + initramfs"
"$kit/build-guest.sh" "$work/guest"

log "libvirtd"
export LV_BASE=$work/lv
rm -rf "$work/consoles" && mkdir -p "$work/consoles" "$LV_BASE/etc" "$work/logs"
: > "$work/logs/libvirtd.out"
[ -f "$LV_BASE/etc/libvirt.conf" ] || cp -a /etc/libvirt/. "$LV_BASE/etc/"
cat > "$LV_BASE/etc/qemu.conf" <<'EOC'
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
stdio_handler = "file"
cgroup_controllers = [ ]
namespaces = [ ]
EOC
cat > "$LV_BASE/etc/libvirtd.conf" <<'EOC'
unix_sock_group = "root"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
EOC
# The VF netdevs of the fake host the tests use (1 PF × 4 VFs: ens0f0v0…ens0f0v3), as
# veths in libvirtd's own network namespace, where macvtap devices are created on them.
vf_netdevs="ens0f0v0,ens0f0v1,ens0f0v2,ens0f0v3"
setup="ip link set lo up"
for netdev in ${vf_netdevs//,/ }; do
  setup="$setup; ip link add $netdev type veth peer name peer-$netdev; ip link set $netdev up; ip link set peer-$netdev up"
done
# The namespaces are held by a process of their own, so that libvirtd can be stopped and
# started again inside them (libvirtd.sh; the reconnect tests restart it) while the veths,
# the guests and libvirt's state stay.
export LV_NETNS=1 LV_NETNS_SETUP="$setup"
setsid "$kit/ns-run.sh" sleep infinity > "$work/logs/namespaces.out" 2>&1 < /dev/null &
anchor_pid=$!
unset LV_NETNS LV_NETNS_SETUP
export LV_ANCHOR_PID=$anchor_pid LV_WORK=$work
uri="qemu:///system?socket=$LV_BASE/run/libvirt-sock"

cleanup() {
  set +e
  for domain in $(virsh -c "$uri" list --all --name 2>/dev/null); do
    virsh -c "$uri" destroy "$domain" >/dev/null 2>&1
    virsh -c "$uri" undefine --managed-save "$domain" >/dev/null 2>&1
  done
  "$kit/libvirtd.sh" stop
  kill "$anchor_pid" 2>/dev/null
  wait "$anchor_pid" 2>/dev/null
  log "libvirtd and the namespace holder $anchor_pid stopped"
}
trap cleanup EXIT
# Interrupted: exit through the EXIT trap, so the tear-down runs then too.
trap 'exit 130' INT TERM

# The holder execs sleep once the namespaces and veths are set up: that is the readiness.
for _ in $(seq 1 300); do
  [ "$(cat "/proc/$anchor_pid/comm" 2>/dev/null)" = sleep ] && break
  kill -0 "$anchor_pid" 2>/dev/null || { cat "$work/logs/namespaces.out" >&2; echo "the namespace set-up failed" >&2; exit 1; }
  sleep 0.1
done
[ "$(cat "/proc/$anchor_pid/comm")" = sleep ]
rm -f "$work/libvirtd.pid"
"$kit/libvirtd.sh" start
# Domains left by an interrupted earlier run would only confuse the tests.
for domain in $(virsh -c "$uri" list --all --name); do
  virsh -c "$uri" destroy "$domain" >/dev/null 2>&1 || true
  virsh -c "$uri" undefine --managed-save "$domain" >/dev/null
done
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
SRIOV_LIBVIRT_CONTROL="$kit/libvirtd.sh" \
  swift test --disable-xctest --no-parallel --filter LibvirtIntegration 2>&1 | tee "$work/logs/swift-test.log" || status=$?
# (pipefail: the status is swift test's.) A run that found no tests fails too.
grep -qE "Test run with [1-9][0-9]* tests? .*passed" "$work/logs/swift-test.log" || status=1
log "done, status $status"
exit "$status"
