#!/usr/bin/env bash
# The acceptance suite of issue 5: a real Neutron on loopback, sriov-compute with
# backend = "neutron" and with backend = "embedded" on fake-sysfs hosts, driven by the
# real openstack CLI, novaclient and tempest.lib's schema-checking clients; and issue 13's
# identity flows (test_identity.py): a real Keystone, a second Neutron behind it with its
# Nova notifier, sriov-compute with [auth] strategy = "keystone", the clients with
# password authentication.
#
# Self-contained and idempotent, as root on a fresh machine: creates (or reuses) its venv
# outside the repository, runs pytest, stops everything it started even on failure, exits
# non-zero on any failure and ends with the count of tests.
#   SRIOV_ACCEPTANCE_VENV  the venv (default ~/.cache/sriov-acceptance-venv)
#   SRIOV_COMPUTE_BIN      the service binary (default .build/debug/sriov-compute; build it first)
#   SRIOV_ACCEPTANCE_LATENCY=0  skips the latency figures after the suite
#   extra arguments go to pytest (e.g. -k embedded)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export SRIOV_COMPUTE_BIN=${SRIOV_COMPUTE_BIN:-$repo/.build/debug/sriov-compute}
started=$(date +%s)

[ -x "$SRIOV_COMPUTE_BIN" ] || { echo "acceptance: $SRIOV_COMPUTE_BIN is missing; run swift build first" >&2; exit 2; }

# The venv, rebuilt only when requirements.txt changed since it was made (venv.sh).
venv=$(bash "$here/venv.sh")
venv_ready=$(date +%s)

run=$(mktemp -d "${TMPDIR:-/tmp}/sriov-acceptance.XXXXXX")
stop_all() {
  # pytest stops what it started; this catches what an interrupted run left behind.
  for state in "$run/neutron" "$run/latency/neutron" "$run/neutron-keystone" "$run/keystone"; do
    "$here/neutron/stop.sh" "$state" 2>/dev/null || true
  done
  for pidfile in "$run"/*/sriov-compute.pid "$run"/*/*/sriov-compute.pid; do
    [ -f "$pidfile" ] && kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$run"
}
trap stop_all EXIT

echo "== acceptance: client versions"
"$venv/bin/pip" list 2>/dev/null | grep -iE '^(keystone|keystonemiddleware|neutron|neutron-lib|python-openstackclient|openstacksdk|python-novaclient|keystoneauth1|tempest|gunicorn|pytest) ' || true

status=0
SRIOV_ACCEPTANCE_RUN_DIR="$run" "$venv/bin/python" -m pytest -p no:cacheprovider -q -rfE \
  --junitxml "$run/junit.xml" "$here" "$@" || status=$?

counts=$("$venv/bin/python" - "$run/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("0 0 0"); sys.exit()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(total - failed - skipped, failed, skipped)
PY
)
read -r passed failed skipped <<< "$counts"
finished=$(date +%s)

# The latency figures of issue 5 (printed, not asserted), with a Neutron of their own;
# also after a failed test, whose cause they do not share.
if [ "${SRIOV_ACCEPTANCE_LATENCY:-1}" = 1 ]; then
  echo "== acceptance: latency"
  "$venv/bin/python" "$here/latency.py" "$run/latency" "${SRIOV_ACCEPTANCE_LATENCY_ROUNDS:-20}" || status=1
fi
measured=$(date +%s)
echo "acceptance timing: venv $((venv_ready - started)) s, suite $((finished - venv_ready)) s, latency $((measured - finished)) s"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then status=1; fi
[ "$skipped" -eq 0 ] || { echo "acceptance: $skipped tests were skipped; none may be" >&2; status=1; }
echo "acceptance: $passed passed, $failed failed"
exit "$status"
