#!/usr/bin/env bash
# Starts, stops and restarts the stage's private libvirtd inside the namespaces that
# run.sh set up, and talks QMP to a guest's QEMU while libvirtd is down. run.sh uses it,
# and so do the integration tests that restart libvirtd (SRIOV_LIBVIRT_CONTROL names it).
#
#   libvirtd.sh start            start libvirtd (if it does not run); returns once it
#                                answers on its socket
#   libvirtd.sh stop             stop it (SIGTERM, by PID); QEMU guests keep running
#   libvirtd.sh restart          stop, then start
#   libvirtd.sh qmp NAME JSON    send one QMP command to domain NAME's QEMU (libvirtd
#                                stopped: QEMU's monitor takes one client at a time)
#   libvirtd.sh ports BRIDGE     the interfaces on BRIDGE in libvirtd's network namespace,
#                                one a line (the taps libvirt put there)
#
# Environment (run.sh exports it): LV_BASE (the libvirt state folder), LV_ANCHOR_PID (a
# process that holds the mount + network namespaces; libvirtd is started in them with
# nsenter, so a restarted libvirtd sees the same state, veths and guests), LV_WORK (where
# libvirtd's PID and output are kept).
set -euo pipefail
base=${LV_BASE:?LV_BASE must name the libvirt state folder}
anchor=${LV_ANCHOR_PID:?LV_ANCHOR_PID must name the namespace holder}
work=${LV_WORK:?LV_WORK must name the stage folder}
pid_file=$work/libvirtd.pid
uri="qemu:///system?socket=$base/run/libvirt-sock"

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

start() {
  running_pid >/dev/null && return 0
  kill -0 "$anchor" 2>/dev/null || { echo "the namespace holder $anchor is gone" >&2; return 1; }
  # libvirtd starts with a clean slate whoever runs this script: no signal blocked (a
  # caller's thread may block them all — Swift's do — and the mask passes through exec,
  # leaving libvirtd deaf to SIGTERM), default dispositions, and none of the caller's
  # descriptors above 2 (a caller may watch one for EOF to learn that this script ended —
  # Foundation's Process does — and would wait for libvirtd instead). python3, setsid and
  # nsenter exec in turn, so $! is libvirtd's PID. -r: the holder's root, not the mount
  # namespace's (they differ in the real-VF stage's L1, which runs in a chroot).
  python3 -c '
import os, signal, sys
signal.pthread_sigmask(signal.SIG_SETMASK, [])
for number in (signal.SIGPIPE, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(number, signal.SIG_DFL)
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
os.execvp(sys.argv[1], sys.argv[1:])
' setsid nsenter -t "$anchor" -m -n -r -- /usr/sbin/libvirtd >> "$work/logs/libvirtd.out" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$pid_file"
  # The first start probes QEMU's capabilities (seconds); later ones use the cache.
  for _ in $(seq 1 600); do
    virsh -c "$uri" version >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/logs/libvirtd.out" >&2; echo "libvirtd exited" >&2; return 1; }
    sleep 0.1
  done
  echo "libvirtd did not answer within 60 s" >&2
  return 1
}

stop() {
  local pid
  pid=$(running_pid) || return 0
  kill "$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; return 0; }
    sleep 0.1
  done
  echo "libvirtd $pid did not stop within 30 s" >&2
  return 1
}

qmp() {
  local name=${1:?usage: libvirtd.sh qmp DOMAIN-NAME JSON} command=${2:?usage: libvirtd.sh qmp DOMAIN-NAME JSON}
  if running_pid >/dev/null; then echo "stop libvirtd first: it holds the QEMU monitor" >&2; return 1; fi
  local sockets=("$base"/lib/qemu/domain-*-"$name"/monitor.sock)
  [ -S "${sockets[0]}" ] || { echo "no QEMU monitor for domain $name under $base/lib/qemu" >&2; return 1; }
  python3 - "${sockets[0]}" "$command" <<'EOP'
import json, socket, sys
path, command = sys.argv[1], json.loads(sys.argv[2])
with socket.socket(socket.AF_UNIX) as monitor:
    monitor.settimeout(30)
    monitor.connect(path)
    replies = monitor.makefile("r")
    def answer():
        # Events (DEVICE_DELETED, RESUME, ...) may come first; the answer has "return" or "error".
        while True:
            line = replies.readline()
            if not line:
                sys.exit("QEMU closed the monitor")
            message = json.loads(line)
            if "return" in message or "error" in message:
                return message
    json.loads(replies.readline())  # the greeting
    for request in ({"execute": "qmp_capabilities"}, command):
        monitor.sendall(json.dumps(request).encode() + b"\n")
        reply = answer()
        if "error" in reply:
            sys.exit(f"QMP {request['execute']}: {reply['error']}")
    print(json.dumps(reply["return"]))
EOP
}

ports() {
  local bridge=${1:?usage: libvirtd.sh ports BRIDGE}
  kill -0 "$anchor" 2>/dev/null || { echo "the namespace holder $anchor is gone" >&2; return 1; }
  # The namespace's own /sys is not mounted anywhere: ask netlink in it.
  nsenter -t "$anchor" -n -- ip -o link show master "$bridge" | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  qmp) shift; qmp "$@" ;;
  ports) shift; ports "$@" ;;
  *) echo "usage: libvirtd.sh start|stop|restart|qmp DOMAIN-NAME JSON|ports BRIDGE" >&2; exit 2 ;;
esac
