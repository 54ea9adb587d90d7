#!/usr/bin/env bash
# The structured HTTP fuzzer against the real binary over loopback.
#
#   bash tests/fuzz/run.sh [--long]
#
# SRIOV_COMPUTE_BIN  the binary (default <repo>/.build/debug/sriov-compute)
# FUZZ_SEED          the seed (default: random; always printed, so a failure can be replayed)
# FUZZ_REQUESTS      at most this many requests (quick 20000, --long 100000)
# FUZZ_SECONDS       at most this long fuzzing (quick 90, --long 1200)
#
# Writes the service's TOML configuration in a temporary folder on a free loopback port and
# runs fuzz.py, which starts the service (polling GET / until it answers), restarts it when a
# request kills it, and stops it. The service is fuzz.py's child because fuzz.py must see its
# exit the moment it dies; the trap here still stops it, by the pid fuzz.py keeps in the
# folder, if fuzz.py itself is killed. Python 3 standard library only.
# The last line is `fuzz: N passed, M failed`; the exit status is non-zero on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

mode=quick
case "${1:-}" in
    "") ;;
    --long) mode=long ;;
    *) echo "usage: bash tests/fuzz/run.sh [--long]" >&2; exit 2 ;;
esac
if [[ $mode == long ]]; then default_requests=100000 default_seconds=1200; else default_requests=20000 default_seconds=90; fi

binary="${SRIOV_COMPUTE_BIN:-$repo/.build/debug/sriov-compute}"
seed="${FUZZ_SEED:-$(python3 -c 'import secrets; print(secrets.randbelow(2**31))')}"
requests="${FUZZ_REQUESTS:-$default_requests}"
seconds="${FUZZ_SECONDS:-$default_seconds}"

if [[ ! -x $binary ]]; then
    echo "fuzz: no executable binary at $binary (build it, or set SRIOV_COMPUTE_BIN)"
    echo "fuzz: 0 passed, 1 failed"
    exit 1
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/sriov-fuzz.XXXXXX")"

stop_service() {
    local pid_file="$workdir/sriov-compute.pid"
    if [[ -f $pid_file ]]; then
        local pid
        pid="$(cat "$pid_file")"
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null
    fi
    rm -rf "$workdir"
}
trap stop_service EXIT

# A free port: bind to port 0 and read what the kernel chose.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

cat > "$workdir/sriov.toml" <<EOF
[api]
listen = "127.0.0.1:$port"
[database]
url = "sqlite:$workdir/sriov.sqlite"
[host]
name = "fuzzhost"
sysfs_root = "$workdir/sys"
fake_host = "2x2x4"
[hypervisor]
driver = "simulated"
state_dir = "$workdir/hypervisor"
removal_delay = "10ms"
[network]
backend = "embedded"
EOF

python3 -B "$here/fuzz.py" --binary "$binary" --config "$workdir/sriov.toml" --workdir "$workdir" --port "$port" \
    --seed "$seed" --requests "$requests" --seconds "$seconds" --mode "$mode" | tee "$workdir/fuzz.out"
status=${PIPESTATUS[0]}

# fuzz.py ends with the closing line; if it died before writing it, say so in the same form.
if ! tail -n 1 "$workdir/fuzz.out" | grep -Eq '^fuzz: [0-9]+ passed, [0-9]+ failed$'; then
    echo "fuzz: 0 passed, 1 failed"
    status=1
fi
exit "$status"
