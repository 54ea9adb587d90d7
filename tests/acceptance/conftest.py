"""Fixtures of the acceptance suite: a real Neutron with a NIC Switch agent row for the
compute host, sriov-compute on a fake-sysfs host once with `backend = "neutron"` (through
a recording forwarder) and once with `backend = "embedded"`, and the stacks the tests use.
Everything started here is stopped here, also when a test fails."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from support.neutron_proxy import NeutronProxy  # noqa: E402
from support.neutron_server import NeutronServer  # noqa: E402
from support.ports import free_port  # noqa: E402
from support.sriov_server import SRIOVComputeServer  # noqa: E402
from support.stack import Stack  # noqa: E402
from support.sysfs_oracle import SysfsOracle  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST = "compute0"

# The Neutron-backed host: 2 NUMA nodes × 2 PFs × 4 VFs; PFs 0–2 (buses 01/03/05, VFs on
# 02/04/06) are on physnet1, which the NIC Switch agent maps; PF 3 (bus 07, VFs on 08) is
# on physnet2, which it does not, so binding a port there fails in Neutron.
NEUTRON_FAKE_HOST = "2x2x4"
MAPPED_PFS = ["0000:01:00.0", "0000:03:00.0", "0000:05:00.0"]
UNMAPPED_PF = "0000:07:00.0"
NEUTRON_DEVICE_SPEC = [{"address": pf, "physical_network": "physnet1"} for pf in MAPPED_PFS] + [
    {"address": UNMAPPED_PF, "physical_network": "physnet2"}]


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory):
    path = os.environ.get("SRIOV_ACCEPTANCE_RUN_DIR")
    if path:
        os.makedirs(path, exist_ok=True)
        return path
    return str(tmp_path_factory.mktemp("acceptance"))


@pytest.fixture(scope="session")
def sriov_binary():
    binary = os.environ.get("SRIOV_COMPUTE_BIN", os.path.join(REPO, ".build", "debug", "sriov-compute"))
    assert os.access(binary, os.X_OK), f"{binary} is not built (swift build first, or set SRIOV_COMPUTE_BIN)"
    return binary


@pytest.fixture(scope="session")
def neutron(run_dir):
    server = NeutronServer(os.path.join(run_dir, "neutron"), free_port())
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neutron_proxy(neutron):
    proxy = NeutronProxy(neutron.port, free_port())
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture(scope="session")
def neutron_service(run_dir, sriov_binary, neutron, neutron_proxy):
    service = SRIOVComputeServer(
        sriov_binary, os.path.join(run_dir, "sriov-neutron"), free_port(),
        network={"backend": "neutron", "url": neutron_proxy.url, "timeout": "5s"},
        fake_host=NEUTRON_FAKE_HOST, device_spec=NEUTRON_DEVICE_SPEC, host_name=HOST)
    service.start()
    oracle = SysfsOracle(service.sysfs_root)
    neutron.register_agent(HOST, [("physnet1", oracle.netdev(pf)) for pf in MAPPED_PFS])
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def unreachable_neutron_service(run_dir, sriov_binary):
    """A Neutron-backed service whose Neutron url is a loopback port nothing listens on."""
    service = SRIOVComputeServer(
        sriov_binary, os.path.join(run_dir, "sriov-unreachable"), free_port(),
        network={"backend": "neutron", "url": f"http://127.0.0.1:{free_port()}", "timeout": "5s"},
        fake_host="1x1x2", host_name=HOST)
    service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture(scope="session")
def embedded_service(run_dir, sriov_binary):
    service = SRIOVComputeServer(
        sriov_binary, os.path.join(run_dir, "sriov-embedded"), free_port(),
        network={"backend": "embedded"}, fake_host="2x2x4", host_name=HOST)
    service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture(scope="session")
def neutron_stack_session(neutron_service, neutron):
    return Stack("neutron", neutron_service, neutron.url, segment=100)


@pytest.fixture(scope="session")
def embedded_stack_session(embedded_service):
    return Stack("embedded", embedded_service, embedded_service.url + "/networking", segment=300)


@pytest.fixture
def neutron_stack(neutron_stack_session, neutron):
    yield neutron_stack_session
    if not neutron.is_answering():
        neutron.start()
    neutron_stack_session.cleanup()


@pytest.fixture
def embedded_stack(embedded_stack_session):
    yield embedded_stack_session
    embedded_stack_session.cleanup()


@pytest.fixture(params=["neutron", "embedded"])
def stack(request):
    return request.getfixturevalue(f"{request.param}_stack")
