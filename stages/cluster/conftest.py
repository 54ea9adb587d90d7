"""The cluster stage (issue 12): three hosts on one PostgreSQL, started by
scripts/cluster.sh once for the session and stopped after it, also when a test fails.
The last line pytest prints is `cluster: N passed, M failed` (stages/harness's closing line)."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
STAGES = os.path.dirname(HERE)
# The cluster's own modules, what the stages share (harness), and the acceptance suite's
# client support (the real openstack CLI, the Networking API's view).
sys.path[:0] = [HERE, STAGES, os.path.join(STAGES, "acceptance")]

from clusterlib.cluster import Cluster  # noqa: E402
from support.rest import NetworkView  # noqa: E402

# 40 VFs over three hosts (16, 12, 12): the create race's capacity.
FAKE_HOSTS = "1x2x8 1x2x6 1x2x6"
# Short, so the kill test sees the dead host go down within seconds.
REPORT_INTERVAL = "1s"
SERVICE_DOWN_TIME = "5s"


@pytest.fixture(scope="session")
def cluster():
    directory = os.environ["SRIOV_CLUSTER_DIR"]
    started = Cluster.up(directory, os.environ["SRIOV_COMPUTE_BIN"], {
        "SRIOV_CLUSTER_FAKE_HOSTS": FAKE_HOSTS, "SRIOV_CLUSTER_REPORT_INTERVAL": REPORT_INTERVAL,
        "SRIOV_CLUSTER_DOWN_TIME": SERVICE_DOWN_TIME})
    try:
        yield started
    finally:
        started.down()


@pytest.fixture(scope="session")
def network(cluster):
    return NetworkView(cluster.network_url)


def pytest_terminal_summary(terminalreporter):
    stats = terminalreporter.stats
    passed = len(stats.get("passed", []))
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    skipped = len(stats.get("skipped", []))
    terminalreporter.write_line(f"cluster: {passed} passed, {failed + skipped} failed")
