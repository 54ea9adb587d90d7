#!/usr/bin/env bash
# The compute store on a real PostgreSQL (issue 12 item 1):
#
#   bash stages/postgres/run.sh
#
# Installs Debian's postgresql if missing, starts a private cluster on a free loopback
# port in a temporary folder (cluster.sh), runs the Swift store tests and the compute tests
# with SRIOV_TEST_POSTGRES_URL naming it (each test in a schema of its own; the store
# tests run on SQLite too), then runs `sriov-compute serve` on it and checks an attach and a
# detach over HTTP against the rows in PostgreSQL, and an attach while PostgreSQL is stopped
# (serve_check.py), and stops the cluster.
#
# SRIOV_COMPUTE_BIN  the binary (default <repo>/.build/debug/sriov-compute)
# SRIOV_TESTS_BIN    the Swift test bundle (default <repo>/.build/debug/sriov-computePackageTests.xctest)
# The last line is `postgres: N passed, M failed`; the exit status is non-zero on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../harness/stage.sh"

stage_begin postgres
tests="${SRIOV_TESTS_BIN:-$stage_repo/.build/debug/sriov-computePackageTests.xctest}"
fail() { echo "postgres: $1"; echo "postgres: 0 passed, 1 failed"; exit 1; }
[[ -x $tests ]] || fail "no Swift test bundle at $tests (swift build --build-tests, or set SRIOV_TESTS_BIN)"

bash "$here/packages.sh" || fail "could not install postgresql"
# The postgres user must traverse the stage's folder to reach its cluster.
chmod 755 "$workdir"
cluster="$workdir/pg"
trap 'bash "$here/cluster.sh" stop "$cluster"; stage_cleanup' EXIT
port="$(stage_python -c 'from harness.config import free_port; print(free_port())')"
url="$(bash "$here/cluster.sh" start "$cluster" "$port")" || fail "the cluster did not start: $(tail -n 5 "$cluster/postgres.log" 2>/dev/null)"
echo "postgres: a private cluster on 127.0.0.1:$port"

echo "postgres: the Swift store and compute tests on it"
SRIOV_TEST_POSTGRES_URL="$url" "$tests" --testing-library swift-testing --filter 'StoreTests|ComputeTests' 2>&1 | tee "$workdir/swift-tests.out" | tail -n 3
[[ ${PIPESTATUS[0]} -eq 0 ]] || { grep -E "✘|failed" "$workdir/swift-tests.out" | head -n 40; fail "the Swift tests failed on PostgreSQL"; }

stage_run postgres "$here/serve_check.py" --binary "$binary" --workdir "$workdir" --database-url "$url" --cluster "$cluster"
