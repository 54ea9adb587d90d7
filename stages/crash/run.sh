#!/usr/bin/env bash
# The crash stage: the real binary killed by SIGKILL at each failpoint and at random moments,
# restarted on the same database and state, and the ledger checked against the ports, the
# domains and sysfs.
#
#   bash stages/crash/run.sh
#
# SRIOV_COMPUTE_BIN  the binary (default <repo>/.build/debug/sriov-compute)
# CRASH_SEED         the random rounds' seed (default: random; always printed)
# CRASH_ROUNDS       random rounds (default 50)
# CRASH_POINTS       failpoints to run: comma-separated names, "all" (default) or "none"
#
# For each failpoint crash.py starts a service of its own (embedded network, simulated
# hypervisor on a 1×2×8 fake host, its own SQLite file and state folder under a temporary
# folder), makes what the operation needs, restarts it with SRIOV_COMPUTE_FAILPOINT naming
# the point, runs the operation, sees the process die by SIGKILL (waitpid), restarts it
# without the variable, waits until the journal has nothing open or waiting for a retry,
# and checks the four sources, the operation's end state and that deleting every server
# gives everything back. Then the random rounds on one more service. A failpoint the
# operation does not reach is a failure. Before all that, selftest.py checks the checker
# on hand-made worlds. Python 3 standard library only.
# The last line is `crash: N passed, M failed`; the exit status is non-zero on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../harness/stage.sh"

[[ $# -eq 0 ]] || { echo "usage: bash stages/crash/run.sh (settings in CRASH_* variables)" >&2; exit 2; }

stage_begin crash
seed="${CRASH_SEED:-$(python3 -c 'import secrets; print(secrets.randbelow(2**31))')}"

# The checker's own tests first: a checker that finds nothing would pass every run.
if ! stage_python "$here/selftest.py"; then
    echo "crash: 0 passed, 1 failed"
    exit 1
fi

stage_run crash "$here/crash.py" --binary "$binary" --workdir "$workdir" \
    --seed "$seed" --rounds "${CRASH_ROUNDS:-50}" --points "${CRASH_POINTS:-all}"
