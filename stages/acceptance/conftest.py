"""Fixtures of the acceptance suite: a real Neutron with a NIC Switch agent row for the
compute host, sriov-compute on a fake-sysfs host once with `backend = "neutron"` (through
a recording forwarder) and once with `backend = "embedded"`, and the stacks the tests use.
Everything started here is stopped here, also when a test fails."""
import contextlib
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# The crash stage's checks (stages/crash/crashlib) and what the stages share (stages/harness),
# for test_crash_neutron.py; after the suite's own `support`.
sys.path += [os.path.dirname(HERE), os.path.join(os.path.dirname(HERE), "crash")]

from support.identity_stack import IdentityStack  # noqa: E402
from support.neutron_host import HOST, default_binary, neutron_backed_service, register_nic_switch_agent  # noqa: E402
from support.neutron_proxy import NeutronProxy  # noqa: E402
from support.neutron_server import NeutronServer  # noqa: E402
from support.ports import free_port  # noqa: E402
from support.sriov_server import SRIOVComputeServer  # noqa: E402
from support.stack import Stack  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))


@contextlib.contextmanager
def serving(service):
    """A started service, stopped when the block ends, even on failure."""
    service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory):
    path = os.environ.get("SRIOV_ACCEPTANCE_RUN_DIR")
    if path:
        os.makedirs(path, exist_ok=True)
        return path
    return str(tmp_path_factory.mktemp("acceptance"))


@pytest.fixture(scope="session")
def sriov_binary():
    binary = default_binary(REPO)
    assert os.access(binary, os.X_OK), f"{binary} is not built (swift build first, or set SRIOV_COMPUTE_BIN)"
    return binary


@pytest.fixture(scope="session")
def neutron_service_port():
    """The Neutron-backed service's port, chosen before Neutron is prepared: Neutron's Nova
    notifier sends its port events there."""
    return free_port()


@pytest.fixture(scope="session")
def neutron(run_dir, neutron_service_port):
    server = NeutronServer(os.path.join(run_dir, "neutron"), free_port(),
                           nova_url=f"http://127.0.0.1:{neutron_service_port}/v2.1")
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
def neutron_service(run_dir, sriov_binary, neutron, neutron_proxy, neutron_service_port):
    service = neutron_backed_service(sriov_binary, os.path.join(run_dir, "sriov-neutron"), neutron_service_port,
                                     neutron_proxy.url)
    with serving(service):
        register_nic_switch_agent(neutron, service)
        yield service


@pytest.fixture
def unreachable_neutron_service(run_dir, sriov_binary):
    """A Neutron-backed service whose Neutron url is a loopback port nothing listens on."""
    service = neutron_backed_service(sriov_binary, os.path.join(run_dir, "sriov-unreachable"), free_port(),
                                     f"http://127.0.0.1:{free_port()}")
    with serving(service):
        yield service


@pytest.fixture(scope="session")
def embedded_service(run_dir, sriov_binary):
    service = SRIOVComputeServer(
        sriov_binary, os.path.join(run_dir, "sriov-embedded"), free_port(),
        network={"backend": "embedded"}, fake_host="2x2x4", host_name=HOST, metrics_port=free_port())
    with serving(service):
        yield service


@pytest.fixture(scope="session")
def identity(run_dir, sriov_binary):
    """Keystone, a Neutron behind it with its Nova notifier, sriov-compute with the
    keystone strategy (support/identity_stack.py); its start-up times are printed."""
    stack = IdentityStack(run_dir, sriov_binary)
    try:
        stack.start()
        print("identity stack start-up: " + ", ".join(f"{part} {seconds:.1f} s" for part, seconds in stack.timings.items()))
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def neutron_stack_session(neutron_service, neutron):
    return Stack("neutron", neutron_service, neutron.url, segment=100)


@pytest.fixture(scope="session")
def embedded_stack_session(embedded_service):
    return Stack("embedded", embedded_service, embedded_service.url + "/networking", segment=300)


@pytest.fixture
def neutron_stack(neutron_stack_session, neutron):
    yield neutron_stack_session
    neutron.ensure_answering()
    neutron_stack_session.cleanup()


@pytest.fixture(scope="module")
def neutron_outage(neutron):
    """The run's Neutron for a module that stops it and starts it again (on the same
    database, `NeutronServer.stop` and `start`); answering again after the module, also
    when a test failed."""
    yield neutron
    neutron.ensure_answering()


@pytest.fixture
def embedded_stack(embedded_stack_session):
    yield embedded_stack_session
    embedded_stack_session.cleanup()


@pytest.fixture(params=["neutron", "embedded"])
def stack(request):
    return request.getfixturevalue(f"{request.param}_stack")
