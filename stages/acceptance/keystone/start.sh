#!/usr/bin/env bash
# Starts the Keystone of STATE_DIR (prepare.sh) under gunicorn on 127.0.0.1:PORT in its
# own session and waits until GET /v3 answers. The master's pid is in
# STATE_DIR/gunicorn.pid; ../neutron/stop.sh STATE_DIR stops it (the same gunicorn layout).
# usage: start.sh STATE_DIR PORT    (PYTHON: the venv's python, default python3)
set -euo pipefail
state=$(realpath "${1:?usage: start.sh STATE_DIR PORT}")
port=${2:?usage: start.sh STATE_DIR PORT}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
bin=$(dirname "$(command -v "$python")")
[ -f "$state/keystone.db" ] || { echo "start.sh: $state is not prepared (run prepare.sh first)" >&2; exit 1; }
rm -f "$state/gunicorn.pid"
OS_KEYSTONE_CONFIG_FILES="$state/etc/keystone.conf" setsid "$bin/gunicorn" \
  --bind "127.0.0.1:$port" --workers 1 --threads 4 --timeout 120 --no-control-socket \
  --pythonpath "$here" --pid "$state/gunicorn.pid" --error-logfile "$state/logs/gunicorn.log" \
  keystone_wsgi:application >> "$state/logs/gunicorn.out" 2>&1 < /dev/null &
"$python" "$here/../neutron/wait_http.py" "http://127.0.0.1:$port/v3" 200 60 $! "$state/logs/gunicorn.log"
echo "keystone listening on http://127.0.0.1:$port/v3 (pid $(cat "$state/gunicorn.pid"))"
