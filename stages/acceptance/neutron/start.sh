#!/usr/bin/env bash
# Starts the Neutron API of STATE_DIR (prepared by prepare.sh) under gunicorn on
# 127.0.0.1:PORT, in its own session, and waits until it answers. The master's pid is in
# STATE_DIR/gunicorn.pid; stop.sh stops it.
# usage: start.sh STATE_DIR PORT    (PYTHON: the venv's python, default python3;
#        NEUTRON_ACCESS_LOG: a file for gunicorn's access log, one line a request ending
#        with the microseconds Neutron spent on it)
set -euo pipefail
state=$(realpath "${1:?usage: start.sh STATE_DIR PORT}")
port=${2:?usage: start.sh STATE_DIR PORT}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
venv=$(dirname "$(dirname "$(command -v "$python")")")
[ -f "$state/neutron.db" ] || { echo "start.sh: $state is not prepared (run prepare.sh first)" >&2; exit 1; }

rm -f "$state/gunicorn.pid"
access=()
[ -z "${NEUTRON_ACCESS_LOG:-}" ] || access=(--access-logfile "$NEUTRON_ACCESS_LOG" --access-logformat '"%(r)s" %(s)s %(D)s')
# One request at a time: on SQLite, concurrent writers make Neutron fail requests with
# "database is locked" (e.g. a delayed binding PUT next to the unbind that undoes it).
NEUTRON_STATE_DIR="$state" setsid "$venv/bin/gunicorn" --bind "127.0.0.1:$port" --workers 1 --threads 1 \
  --timeout 120 --no-control-socket --pythonpath "$here" --pid "$state/gunicorn.pid" \
  --error-logfile "$state/logs/gunicorn.log" "${access[@]}" neutron_wsgi:application \
  >> "$state/logs/gunicorn.out" 2>&1 < /dev/null &
launcher=$!

# Behind keystonemiddleware an unauthenticated list answers 401: that is Neutron up.
expected=200
grep -q '^auth_strategy = keystone' "$state/etc/neutron.conf" && expected=401
"$python" "$here/wait_http.py" "http://127.0.0.1:$port/v2.0/networks" "$expected" 90 "$launcher" "$state/logs/gunicorn.log"
echo "neutron listening on http://127.0.0.1:$port (pid $(cat "$state/gunicorn.pid"))"
