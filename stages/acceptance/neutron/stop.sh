#!/usr/bin/env bash
# Stops the Neutron started by start.sh for STATE_DIR (SIGTERM to the gunicorn master,
# SIGKILL after 15 s) and waits until it is gone. Succeeds when nothing runs.
# usage: stop.sh STATE_DIR
set -uo pipefail
state=${1:?usage: stop.sh STATE_DIR}
pidfile="$state/gunicorn.pid"
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
kill -TERM "$pid" 2>/dev/null || { rm -f "$pidfile"; exit 0; }
for _ in $(seq 150); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; exit 0; }
  sleep 0.1
done
kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
rm -f "$pidfile"
