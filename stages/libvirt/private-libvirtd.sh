# A private libvirtd for a test stage (sourced; bash): the libvirt stage's, on this
# machine, and the real-VF stage's, inside its L1 guest.
#
#   private_libvirtd_start WORK NETNS [SETUP]
#       writes libvirtd's configuration under WORK/lv (every libvirt state directory lives
#       there: nothing written to /etc, /var or /run), starts a process of its own that
#       holds a private mount namespace (NETNS=1: and a private network namespace, where
#       SETUP runs first, e.g. to create veths; NETNS=0: the host's netdevs, as the real-VF
#       stage needs them) and then libvirtd in those namespaces (libvirtd.sh start, which
#       returns once libvirtd answers). Exports LV_BASE, LV_ANCHOR_PID and LV_WORK for
#       libvirtd.sh and sets libvirt_uri. Domains an interrupted earlier run left are removed.
#   private_libvirtd_stop
#       destroys and undefines every domain, stops libvirtd and the namespace holder, by PID.
private_libvirtd_kit="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

private_libvirtd_start() {
  local work=$1 netns=$2 setup=${3:-}
  export LV_BASE=$work/lv LV_WORK=$work
  mkdir -p "$LV_BASE/etc" "$work/logs"
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
  # The namespaces are held by a process of their own, so that libvirtd can be stopped and
  # started again inside them (libvirtd.sh; the reconnect tests restart it) while the
  # veths, the guests and libvirt's state stay.
  LV_NETNS=$netns LV_NETNS_SETUP=$setup setsid "$private_libvirtd_kit/ns-run.sh" sleep infinity \
    > "$work/logs/namespaces.out" 2>&1 < /dev/null &
  export LV_ANCHOR_PID=$!
  libvirt_uri="qemu:///system?socket=$LV_BASE/run/libvirt-sock"
  # The holder execs sleep once the namespaces (and veths) are set up: that is the readiness.
  local _
  for _ in $(seq 1 300); do
    [ "$(cat "/proc/$LV_ANCHOR_PID/comm" 2>/dev/null)" = sleep ] && break
    kill -0 "$LV_ANCHOR_PID" 2>/dev/null || { cat "$work/logs/namespaces.out" >&2; echo "the namespace set-up failed" >&2; return 1; }
    sleep 0.1
  done
  [ "$(cat "/proc/$LV_ANCHOR_PID/comm")" = sleep ] || { echo "the namespace holder did not come up within 30 s" >&2; return 1; }
  rm -f "$work/libvirtd.pid"
  "$private_libvirtd_kit/libvirtd.sh" start
  # Domains left by an interrupted earlier run would only confuse the tests.
  private_libvirtd_remove_domains
}

private_libvirtd_remove_domains() {
  local domain
  for domain in $(virsh -c "$libvirt_uri" list --all --name 2>/dev/null); do
    virsh -c "$libvirt_uri" destroy "$domain" >/dev/null 2>&1
    virsh -c "$libvirt_uri" undefine --managed-save "$domain" >/dev/null 2>&1
  done
  return 0
}

private_libvirtd_stop() {
  [ -n "${LV_ANCHOR_PID:-}" ] || return 0
  private_libvirtd_remove_domains
  "$private_libvirtd_kit/libvirtd.sh" stop || true
  kill "$LV_ANCHOR_PID" 2>/dev/null
  wait "$LV_ANCHOR_PID" 2>/dev/null
  return 0
}
