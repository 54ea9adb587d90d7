"""One sriov-compute service under test: its folder and configuration, the network it binds
ports through, the process (started with or without failpoints, killed, restarted), and the
wait for it to settle after a restart (no journal row open or waiting for a retry)."""
import signal
import time

from harness.api import wait_until
from harness.config import HOST, ServiceLayout
from harness.service import ServiceProcess

from .cloud import Cloud
from .findings import check_world, failing
from .network import EmbeddedNetwork
from .world import pending_journal, read_world

HOST_NAME = "crashhost"
# 1 NUMA node × 2 PFs × 8 VFs: small enough to start fast, two PFs for the PF/VF rules.
FAKE_HOST = "1x2x8"
# How long the simulated guest takes to let a device go: long enough that a random kill
# often finds a detach waiting on the guest (the unplug then finishes across the restart).
REMOVAL_DELAY = "100ms"
# How long a restarted service may take to finish or undo what was in flight (retries
# start at once, then pause from 1 s, doubling).
SETTLE_SECONDS = 30
# How long a process whose connection dropped may take to finish dying.
DEATH_SECONDS = 10


class ServiceUnderTest:
    def __init__(self, binary, directory, port, network=None, host_name=HOST_NAME):
        """network: a network.NetworkingAPI (default: the service's embedded network)."""
        self.network = network or EmbeddedNetwork(port)
        self.layout = ServiceLayout(directory, port, host_name)
        self.layout.write(fake_host=FAKE_HOST, removal_delay=REMOVAL_DELAY, network=self.network.configuration())
        self.process = ServiceProcess(binary, self.layout.config_path, HOST, port, directory)

    def cloud(self):
        return Cloud(HOST, self.layout.port)

    def start(self, failpoints=None):
        """Seconds from spawning to serving."""
        return self.process.start(failpoints)

    def stop(self):
        self.process.stop()

    def kill(self):
        return self.process.kill()

    def wait_for_exit(self, timeout=DEATH_SECONDS):
        return self.process.wait_for_exit(timeout)

    def running(self):
        return self.process.exit_code() is None

    def pending(self):
        return pending_journal(self.layout.database_path)

    def settle(self, seconds=SETTLE_SECONDS):
        """Waits until no journal row is open or waiting for a retry; returns the rows still
        pending after `seconds` (empty when it settled)."""
        deadline = time.monotonic() + seconds
        while True:
            pending = self.pending()
            if not pending or time.monotonic() > deadline or not self.running():
                return pending
            time.sleep(0.05)

    def world(self):
        cloud = self.cloud()
        try:
            return read_world(cloud.api, self.layout, self.network)
        finally:
            cloud.close()

    def release_all(self):
        """Deletes every server; everything must come back: nothing owned in the ledger,
        no port bound, no domain, no failing finding. Returns the problems."""
        cloud = self.cloud()
        try:
            problems = cloud.delete_everything()
            gone = wait_until(lambda: not cloud.api.expect(200, "GET", "/v2.1/servers?all_tenants=1")["servers"],
                              SETTLE_SECONDS)
        finally:
            cloud.close()
        pending = self.settle()
        world = self.world()
        leftovers = []
        if not gone:
            leftovers.append(f"servers left: {sorted(world.servers)}")
        if pending:
            leftovers.append(f"journal rows pending: {len(pending)}")
        leftovers += [f"{d.address} {d.status} by {d.owner} ({d.reason})" for d in world.ledger.values() if d.owned]
        leftovers += [f"port {p.id} bound to {p.device_id!r} slot {p.slot}" for p in world.ports.values() if p.bound]
        leftovers += [f"domain {uuid}" for uuid in world.domains]
        leftovers += [str(finding) for finding in failing(check_world(world))]
        return problems + [f"after deleting every server: {line}" for line in leftovers]

    def log_since_start(self):
        return self.process.log_since_start()

    def log_tail(self, characters=3000):
        return self.process.log_tail(characters)


def describe_exit(status):
    """waitpid's status in words: `SIGKILL`, `exit 0`, `SIGSEGV`…"""
    if status is None:
        return "still running"
    if status < 0:
        try:
            return signal.Signals(-status).name
        except ValueError:
            return f"signal {-status}"
    return f"exit {status}"


def killed_by_sigkill(status):
    return status == -signal.SIGKILL

