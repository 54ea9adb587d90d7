"""Races across hosts (issue 12): 64 server creates with one direct port each, for the 40
free VFs of three hosts (16, 12, 12), all at once through the three endpoints. Exactly 40
go ACTIVE and 24 to ERROR with Nova's "No valid host was found" fault, whose ports are left
unbound; no host allocates more VFs than it has, and every ACTIVE server's device is on its
own host (the ledger checks across hosts, clusterlib/ledger.py)."""
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from harness.api import list_servers, wait_until
from support.rest import assert_unbound

from clusterlib.ledger import allocated_per_host, findings

CREATES = 64
SETTLE_SECONDS = 180
NO_VALID_HOST = "No valid host was found"


def create_all(cluster, port_ids, prefix):
    """One create per port, each through the next host's endpoint, released together;
    returns the (status, document) of each."""
    start = threading.Barrier(len(port_ids))

    def create(index):
        api = cluster.hosts[index % len(cluster.hosts)].api()
        try:
            start.wait()
            status, document, _ = api.call("POST", "/v2.1/servers", {"server": {
                "name": f"{prefix}-{index}", "flavorRef": "1", "imageRef": "", "networks": [{"port": port_ids[index]}]}})
            return status, document
        finally:
            api.close()

    with ThreadPoolExecutor(len(port_ids)) as pool:
        return list(pool.map(create, range(len(port_ids))))


def delete(cluster, index, server):
    """Deletes the server through the next host's endpoint; the answer's status."""
    api = cluster.hosts[index % len(cluster.hosts)].api()
    try:
        return api.call("DELETE", f"/v2.1/servers/{server['id']}")[0]
    finally:
        api.close()


def test_64_creates_for_40_vfs_through_three_endpoints(cluster, network):
    assert sum(host.vf_count for host in cluster.hosts) == 40
    prefix = f"race-{uuid.uuid4().hex[:6]}"
    net = network.create_network(prefix, "physnet1", 150)
    ports = [network.create_port(net["id"], f"{prefix}-{index}", "direct") for index in range(CREATES)]
    started = time.monotonic()
    answers = create_all(cluster, [port["id"] for port in ports], prefix)
    assert [status for status, _ in answers] == [202] * CREATES, answers
    api = cluster.hosts[0].api()

    def mine():
        return [server for server in list_servers(api) if server["name"].startswith(prefix + "-")]

    def all_built():
        servers = mine()
        return servers if len(servers) == CREATES and all(server["status"] != "BUILD" for server in servers) else None

    settled = wait_until(all_built, SETTLE_SECONDS)
    assert settled, f"the creates did not settle within {SETTLE_SECONDS} s: {sorted(s['status'] for s in mine())}"
    print(f"64 creates settled in {time.monotonic() - started:.1f} s")

    active = [s for s in settled if s["status"] == "ACTIVE"]
    errored = [s for s in settled if s["status"] == "ERROR"]
    assert (len(active), len(errored)) == (40, 24), sorted(s["status"] for s in settled)
    for server in errored:
        fault = server.get("fault") or {}
        assert NO_VALID_HOST in fault.get("message", ""), server
    port_of = {server["name"]: ports[int(server["name"].rsplit("-", 1)[1])]["id"] for server in settled}
    for server in errored:
        assert_unbound(network.port(port_of[server["name"]]))
    for server in active:
        port = network.port(port_of[server["name"]])
        assert port["binding:host_id"] == server["OS-EXT-SRV-ATTR:host"], (server["id"], port)

    counts = allocated_per_host(cluster)
    for host in cluster.hosts:
        allocated, total = counts[host.name]
        assert allocated <= total == host.vf_count, (host.name, allocated, total)
    assert sum(allocated for allocated, _ in counts.values()) == 40, counts
    print("allocated per host: " + ", ".join(f"{name} {allocated}/{total}" for name, (allocated, total) in sorted(counts.items())))
    assert findings(cluster, network) == []

    with ThreadPoolExecutor(16) as pool:
        deleted = list(pool.map(lambda numbered: delete(cluster, *numbered), enumerate(settled)))
    assert set(deleted) == {204}, deleted
    assert wait_until(lambda: not mine(), SETTLE_SECONDS), "the servers are gone"
    assert wait_until(lambda: cluster.psql("SELECT count(*) FROM pci_devices WHERE status <> 'available'") == [["0"]], SETTLE_SECONDS)
    assert findings(cluster, network) == []
    for port in ports:
        assert_unbound(network.port(port["id"]))
        network.delete_port(port["id"])
    api.close()
