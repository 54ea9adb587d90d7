#!/usr/bin/env bash
# The structured HTTP fuzzer against the real binary over loopback.
#
#   bash stages/fuzz/run.sh [--long]
#
# SRIOV_COMPUTE_BIN  the binary (default <repo>/.build/debug/sriov-compute)
# FUZZ_SEED          the seed (default: random; always printed, so a failure can be replayed)
# FUZZ_REQUESTS      at most this many requests (quick 20000, --long 100000)
# FUZZ_SECONDS       at most this long fuzzing (quick 90, --long 1200)
#
# fuzz.py writes the service's TOML configuration in a temporary folder on a free loopback
# port, starts the service (polling GET / until it answers), restarts it when a request
# kills it, and stops it. The service is fuzz.py's child because fuzz.py must see its exit
# the moment it dies; the trap (stages/harness/stage.sh) still stops it if fuzz.py itself is
# killed. Python 3 standard library only.
# The last line is `fuzz: N passed, M failed`; the exit status is non-zero on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../harness/stage.sh"

mode=quick
case "${1:-}" in
    "") ;;
    --long) mode=long ;;
    *) echo "usage: bash stages/fuzz/run.sh [--long]" >&2; exit 2 ;;
esac
if [[ $mode == long ]]; then default_requests=100000 default_seconds=1200; else default_requests=20000 default_seconds=90; fi

stage_begin fuzz
seed="${FUZZ_SEED:-$(python3 -c 'import secrets; print(secrets.randbelow(2**31))')}"
requests="${FUZZ_REQUESTS:-$default_requests}"
seconds="${FUZZ_SECONDS:-$default_seconds}"

stage_run fuzz "$here/fuzz.py" --binary "$binary" --workdir "$workdir" \
    --seed "$seed" --requests "$requests" --seconds "$seconds" --mode "$mode"
