"""Host failure (issue 12 item 5): SIGKILL of one host in the middle of a burst of attaches
and detaches on servers of every host. The other hosts go on serving (their attaches keep
succeeding during the outage); the dead host is shown down within service_down_time (5 s
here, heartbeat 1 s); its servers' operations then get 409 at once through the other
endpoints, nothing claimed, while show and list still work; after its restart its open
operations are recovered, and nothing is leaked or double-owned across hosts
(clusterlib/ledger.py)."""
import itertools
import threading
import time
import uuid

from harness.api import wait_until

from clusterlib.ledger import findings

SERVERS_PER_HOST = 2
PORTS_PER_SERVER = 2
SETTLE_SECONDS = 120
VICTIM = "compute2"


class Burst(threading.Thread):
    """Attach, detach and wait for the unbind, port after port, on one server, each call
    through the next of `endpoints`, until stopped or a call fails; every answer is
    recorded with its time."""

    def __init__(self, cluster, network, server, host, ports, endpoints):
        super().__init__(daemon=True)
        self.cluster, self.network, self.server, self.host, self.ports = cluster, network, server, host, ports
        self.endpoints = itertools.cycle(endpoints)
        self.stop = threading.Event()
        self.answers = []  # (monotonic time, operation, status or error)

    def call(self, method, path, body=None):
        api = next(self.endpoints).api()
        try:
            status, document, reply = api.call(method, path, body)
            return status
        except Exception as error:  # a dead endpoint: recorded, not raised
            return f"{type(error).__name__}: {error}"
        finally:
            api.close()

    def run(self):
        for port in itertools.cycle(self.ports):
            if self.stop.is_set():
                return
            status = self.call("POST", f"/v2.1/servers/{self.server}/os-interface", {"interfaceAttachment": {"port_id": port}})
            self.answers.append((time.monotonic(), "attach", status))
            if status != 200:
                return  # recorded; a burst stops at its first failure
            status = self.call("DELETE", f"/v2.1/servers/{self.server}/os-interface/{port}")
            self.answers.append((time.monotonic(), "detach", status))
            if status != 202:
                return
            wait_until(lambda: self.network.port(port)["device_id"] == "" or self.stop.is_set(), SETTLE_SECONDS)

    def attached_since(self, moment):
        return sum(1 for at, operation, status in self.answers if at >= moment and operation == "attach" and status == 200)

    def failures_since(self, moment):
        return [(operation, status) for at, operation, status in self.answers
                if at >= moment and status not in (200, 202)]


def compute_services(api):
    """host → state of the nova-compute services, as `openstack compute service list` reads them."""
    document = api.expect(200, "GET", "/v2.1/os-services?binary=nova-compute")
    return {service["host"]: service["state"] for service in document["services"]}


def boot_on(api, host, name):
    """A server forced onto `host` (`--availability-zone nova:HOST`, admin), ACTIVE."""
    server = api.expect(202, "POST", "/v2.1/servers", {"server": {
        "name": name, "flavorRef": "1", "imageRef": "", "networks": "none", "availability_zone": f"nova:{host}"}})["server"]["id"]
    assert wait_until(lambda: api.expect(200, "GET", f"/v2.1/servers/{server}")["server"]["status"] == "ACTIVE", SETTLE_SECONDS)
    return server


def test_kill_one_host_mid_burst(cluster, network):
    prefix = f"kill-{uuid.uuid4().hex[:6]}"
    admin = cluster.hosts[0].api()
    net = network.create_network(prefix, "physnet1", 160)
    victim = cluster.host(VICTIM)
    survivors = [host for host in cluster.hosts if host is not victim]
    bursts = []
    for host in cluster.hosts:
        for index in range(SERVERS_PER_HOST):
            server = boot_on(admin, host.name, f"{prefix}-{host.name}-{index}")
            ports = [network.create_port(net["id"], f"{prefix}-{host.name}-{index}-{p}", "direct")["id"]
                     for p in range(PORTS_PER_SERVER)]
            # The survivors' servers are driven through the survivors' endpoints only, so
            # the outage can only reach them through their own hosts.
            endpoints = survivors if host is not victim else cluster.hosts
            bursts.append(Burst(cluster, network, server, host, ports, endpoints))
    for burst in bursts:
        burst.start()
    try:
        assert wait_until(lambda: all(burst.attached_since(0) >= 1 for burst in bursts), SETTLE_SECONDS), \
            "every server attached once before the kill"
        victim.kill()
        killed = time.monotonic()
        # What the dead host's bursts had in flight is its restart's to recover.
        for burst in bursts:
            if burst.host is victim:
                burst.stop.set()
        left_open = cluster.psql(
            "SELECT j.kind, j.step FROM journal j JOIN servers s ON lower(s.id) = lower(j.server_id) "
            f"WHERE s.host = '{VICTIM}' AND j.state = 'open'")
        print(f"{VICTIM} killed with {len(left_open)} operations open: {left_open}")

        # The dead host is shown down within service_down_time.
        down = wait_until(lambda: compute_services(admin).get(VICTIM) == "down", cluster.service_down_time + SETTLE_SECONDS)
        shown_down = time.monotonic() - killed
        print(f"{VICTIM} shown down {shown_down:.2f} s after SIGKILL (service_down_time {cluster.service_down_time} s)")
        assert down, f"{VICTIM} never shown down: {compute_services(admin)}"
        assert shown_down <= cluster.service_down_time + cluster.report_interval, shown_down
        assert {host.name: compute_services(admin)[host.name] for host in survivors} == {host.name: "up" for host in survivors}

        # Its servers: 409 through every other endpoint, nothing bound; show and list work.
        spare = network.create_port(net["id"], f"{prefix}-spare", "direct")["id"]
        victim_servers = [burst.server for burst in bursts if burst.host is victim]
        for host in survivors:
            api = host.api()
            status, document, reply = api.call("POST", f"/v2.1/servers/{victim_servers[0]}/os-interface",
                                               {"interfaceAttachment": {"port_id": spare}})
            assert status == 409, (host.name, status, reply.body[:300])
            print(f"attach on a server of the dead host through {host.name}: {status} in {reply.seconds * 1000:.0f} ms: "
                  f"{(document or {}).get('conflictingRequest', {}).get('message')}")
            assert api.expect(200, "GET", f"/v2.1/servers/{victim_servers[0]}")["server"]["OS-EXT-SRV-ATTR:host"] == VICTIM
            assert {s["id"] for s in api.expect(200, "GET", "/v2.1/servers")["servers"]} >= set(victim_servers)
            api.close()
        assert network.port(spare)["binding:host_id"] == ""

        # The survivors went on serving through the outage.
        assert wait_until(lambda: all(burst.attached_since(killed) >= 2 for burst in bursts if burst.host is not victim),
                          SETTLE_SECONDS), "the other hosts' attaches go on after the kill"
        for burst in bursts:
            if burst.host is not victim:
                assert burst.failures_since(0) == [], (burst.host.name, burst.failures_since(0))
    finally:
        for burst in bursts:
            burst.stop.set()
        for burst in bursts:
            burst.join(SETTLE_SECONDS)

    # Restarted, it recovers its open operations: every journal row settles and the
    # ledger agrees across hosts.
    restart = victim.process()
    print(f"{VICTIM} restarted, serving after {restart.start():.1f} s")
    assert wait_until(lambda: compute_services(admin).get(VICTIM) == "up", SETTLE_SECONDS), "shown up again"
    assert wait_until(lambda: not cluster.psql("SELECT 1 FROM journal WHERE state IN ('open', 'quarantined')"), SETTLE_SECONDS), \
        cluster.psql("SELECT kind, step, state FROM journal WHERE state IN ('open', 'quarantined')")
    assert findings(cluster, network) == []

    for burst in bursts:
        api = burst.host.api()
        api.expect(204, "DELETE", f"/v2.1/servers/{burst.server}")
        api.close()
    assert wait_until(lambda: cluster.psql("SELECT count(*) FROM pci_devices WHERE status <> 'available'") == [["0"]], SETTLE_SECONDS)
    assert wait_until(lambda: cluster.psql("SELECT count(*) FROM servers") == [["0"]], SETTLE_SECONDS)
    assert findings(cluster, network) == []
    admin.close()
