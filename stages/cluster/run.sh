#!/usr/bin/env bash
# The cluster stage (issue 12): three sriov-compute hosts on one private PostgreSQL, started
# by scripts/cluster.sh (host 1's embedded network is the cluster's one network), driven
# through more than one host's endpoint:
#
#   bash stages/cluster/run.sh [pytest arguments, e.g. -k race]
#
#   test_cli_flows.py   the acceptance CLI flows (server create, add/remove port, event list)
#                       with each step through another host's endpoint, the ledger checked
#                       across hosts after (clusterlib/ledger.py)
#   test_create_race.py 64 creates with one direct port each for 40 VFs over three hosts,
#                       concurrently through the three endpoints: 40 ACTIVE, 24 ERROR with
#                       "No valid host was found", their ports unbound, no host over-claimed
#   test_host_kill.py   SIGKILL of one host mid-burst of attaches on every host: the others
#                       go on, its servers get 409 through them, it is shown down within
#                       service_down_time, and after its restart nothing is leaked or
#                       double-owned
#
# Installs Debian's postgresql if missing (stages/postgres/packages.sh), uses the acceptance
# suite's venv (stages/acceptance/venv.sh: the real openstack CLI), stops the hosts and
# PostgreSQL after, also on failure. The last line is `cluster: N passed, M failed`.
# SRIOV_COMPUTE_BIN  the binary (default <repo>/.build/debug/sriov-compute)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../harness/stage.sh"

stage_begin cluster
fail() { echo "cluster: $1"; echo "cluster: 0 passed, 1 failed"; exit 1; }
bash "$here/../postgres/packages.sh" || fail "could not install postgresql"
venv=$(bash "$here/../acceptance/venv.sh") || fail "could not make the acceptance venv"
# The postgres user must traverse the stage's folder to reach the cluster's data.
chmod 755 "$workdir"
export SRIOV_CLUSTER_DIR="$workdir/cluster" SRIOV_COMPUTE_BIN="$binary"
trap 'SRIOV_CLUSTER_DIR="$workdir/cluster" bash "$stage_repo/scripts/cluster.sh" down >/dev/null 2>&1; stage_cleanup' EXIT

started=$(date +%s)
"$venv/bin/python" -B -m pytest -p no:cacheprovider -q -rfE "$here" "$@" 2>&1 | tee "$workdir/cluster.out"
status=${PIPESTATUS[0]}
echo "cluster stage: $(( $(date +%s) - started )) s"
last=$(grep -E '^cluster: [0-9]+ passed, [0-9]+ failed$' "$workdir/cluster.out" | tail -n 1)
[ -n "$last" ] || { echo "cluster: 0 passed, 1 failed"; exit 1; }
echo "$last"
exit "$status"
