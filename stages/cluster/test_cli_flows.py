"""The acceptance suite's CLI flows on the three-host cluster, each step through another
host's endpoint (issue 12, "What it must show"): `server create` through host 2, `server add
port` through hosts 3 and 1, `server remove port` through hosts 1 and 2, `server event list`
through hosts 1 and 3, `port list --server` through host 2 and the delete through host 3;
every binding checked against the sysfs of the host that holds the device, and the ledger
invariants across all hosts after each phase (clusterlib/ledger.py)."""
import os
import uuid

from harness.api import wait_until
from support.openstack_cli import OpenStackCLI
from support.sysfs_oracle import SysfsOracle

from clusterlib.ledger import findings

VIF_TYPES = {"direct": "hw_veb", "macvtap": "hw_veb", "direct-physical": "hostdev_physical"}
SETTLE_SECONDS = 60


def clis(cluster):
    return {host.number: OpenStackCLI(cluster.clouds_yaml, cloud=host.cloud) for host in cluster.hosts}


def server_host(cli, server_id):
    """The host the server runs on, as the admin's `server show` says."""
    return cli.json("server", "show", server_id)["OS-EXT-SRV-ATTR:host"]


def assert_bound_on(cluster, network, port_id, server_id, host_name, vnic_type):
    """The port is bound to the server's host for it, with exactly Nova's PCI keys for a
    device of that host (read from that host's sysfs), which its ledger allocates to it."""
    port = network.port(port_id)
    assert port["binding:host_id"] == host_name, port
    assert port["device_id"] == server_id and port["device_owner"].startswith("compute:"), port
    assert port["binding:vif_type"] == VIF_TYPES[vnic_type], port
    slot = port["binding:profile"]["pci_slot"]
    host = cluster.host(host_name)
    assert port["binding:profile"] == SysfsOracle(os.path.join(host.directory, "sys")).expected_profile(slot, "physnet1"), port
    rows = cluster.psql(f"SELECT status, lower(instance_uuid) FROM pci_devices WHERE host = '{host_name}' AND address = '{slot}'")
    assert rows == [["allocated", server_id]], rows
    return slot


def test_cli_flows_through_several_endpoints(cluster, network):
    cli = clis(cluster)
    name = f"cl-{uuid.uuid4().hex[:6]}"
    net = cli[1].json("network", "create", "--provider-network-type", "vlan", "--provider-physical-network", "physnet1",
                      "--provider-segment", "140", name)
    cli[2].json("subnet", "create", "--network", net["id"], "--subnet-range", "10.140.0.0/24", name + "-sub")
    boot_port = cli[2].json("port", "create", "--network", name, "--vnic-type", "direct", name + "-vf1")
    added = cli[3].json("port", "create", "--network", name, "--vnic-type", "direct", name + "-vf2")
    macvtap = cli[1].json("port", "create", "--network", name, "--vnic-type", "macvtap", name + "-mvt")

    server = cli[2].json("server", "create", "--flavor", "m1.tiny", "--image", "cirros-0.6.2", "--nic",
                         f"port-id={boot_port['id']}", "--wait", name + "-vm")
    assert server["status"] == "ACTIVE", server
    host = server_host(cli[1], server["id"])
    assert host == server_host(cli[3], server["id"]), "every endpoint shows the same host"
    assert host in {h.name for h in cluster.hosts}, host
    boot_slot = assert_bound_on(cluster, network, boot_port["id"], server["id"], host, "direct")

    cli[3].run("server", "add", "port", server["id"], added["name"])
    added_slot = assert_bound_on(cluster, network, added["id"], server["id"], host, "direct")
    assert added_slot != boot_slot
    cli[1].run("server", "add", "port", server["id"], macvtap["name"])
    assert_bound_on(cluster, network, macvtap["id"], server["id"], host, "macvtap")
    listed = cli[2].json("port", "list", "--server", server["id"])
    assert {p["ID"] for p in listed} == {boot_port["id"], added["id"], macvtap["id"]}, listed
    assert findings(cluster, network) == []

    cli[1].run("server", "remove", "port", server["id"], added["name"])
    assert wait_until(lambda: network.port(added["id"])["device_id"] == "", SETTLE_SECONDS), "the removed port is unbound"
    assert network.port(added["id"])["binding:host_id"] == ""
    assert wait_until(lambda: cluster.psql(
        f"SELECT status FROM pci_devices WHERE host = '{host}' AND address = '{added_slot}'") == [["available"]], SETTLE_SECONDS)
    cli[2].run("server", "remove", "port", server["id"], macvtap["name"])
    assert wait_until(lambda: network.port(macvtap["id"])["device_id"] == "", SETTLE_SECONDS), "the macvtap port is unbound"
    for endpoint in (1, 3):
        events = cli[endpoint].json("server", "event", "list", server["id"])
        actions = [event["Action"] for event in sorted(events, key=lambda event: event["Start Time"])]
        assert actions == ["create", "attach_interface", "attach_interface", "detach_interface", "detach_interface"], events
    assert findings(cluster, network) == []

    cli[3].run("server", "delete", "--wait", server["id"])
    assert wait_until(lambda: network.port(boot_port["id"])["device_id"] == "", SETTLE_SECONDS), "the boot port is unbound"
    assert wait_until(lambda: cluster.psql("SELECT count(*) FROM pci_devices WHERE status <> 'available'") == [["0"]],
                      SETTLE_SECONDS), "every device is free again"
    assert findings(cluster, network) == []
    for endpoint, port in zip((1, 2, 3), (boot_port, added, macvtap)):
        cli[endpoint].run("port", "delete", port["id"])
