"""Normal (virtio) ports beside SR-IOV ports, with the real `openstack` CLI (issue 14 item 1):
a server booted with a management port and an SR-IOV port, `server add port` and `server
remove port` with a normal port. Against the real Neutron (its openvswitch mechanism driver
binds the port `ovs` on the host's Open vSwitch agent, neutron/register_agent.py) and the
embedded network (`bridge`, on the configured Linux bridge). A normal port claims no PCI
device: the ledger moves only for the SR-IOV port."""
from support.flows import assert_bound, assert_released, wait_unbound
from support.rest import wait_until

# What each network's mechanism driver binds a normal port as.
NORMAL_VIF = {"neutron": ("ovs", "br-int"), "embedded": ("bridge", "virbr0")}


def allocated(stack):
    return {address: device["instance_uuid"] for address, device in stack.compute.pci_devices().items()
            if device["status"] != "available"}


def assert_normal_bound(stack, port_id, server_id):
    port = stack.network.port(port_id)
    vif_type, bridge = NORMAL_VIF[stack.name]
    assert port["binding:vif_type"] == vif_type, port
    assert port["binding:vif_details"]["bridge_name"] == bridge, port
    assert port["binding:host_id"] == "compute0", port
    assert port["device_id"] == server_id, port
    assert port["device_owner"].startswith("compute:"), port
    assert port["binding:profile"] == {}, port["binding:profile"]


def test_boot_with_a_management_port_and_an_sriov_port(stack):
    management = stack.port("normal")
    direct = stack.port("direct")
    server = stack.server([management["id"], direct["id"]])
    assert server["status"] == "ACTIVE", server
    assert_normal_bound(stack, management["id"], server["id"])
    slot = assert_bound(stack, direct["id"], server["id"], "direct")
    in_use = allocated(stack)
    # The VF and, while it is in use, its PF (unavailable, no owner): nothing for the normal port.
    assert [address for address, owner in in_use.items() if owner] == [slot], in_use
    listed = stack.cli.json("port", "list", "--server", server["id"])
    assert {p["ID"] for p in listed} == {management["id"], direct["id"]}, listed

    stack.cli.run("server", "delete", "--wait", server["id"])
    for port in (management, direct):
        wait_unbound(stack, port["id"])
    assert_released(stack, slot)


def test_server_add_and_remove_a_normal_port(stack):
    boot = stack.port("direct")
    server = stack.server([boot["id"]])
    ledger = stack.compute.pci_devices()
    port = stack.port("normal")

    stack.cli.run("server", "add", "port", server["name"], port["id"])
    assert_normal_bound(stack, port["id"], server["id"])
    interfaces = stack.compute.call("GET", f"/servers/{server['id']}/os-interface").json()["interfaceAttachments"]
    attached = {i["port_id"]: i for i in interfaces}
    assert attached[port["id"]]["mac_addr"] == port["mac_address"], interfaces
    assert stack.compute.pci_devices() == ledger, "a normal port claims nothing"

    stack.cli.run("server", "remove", "port", server["name"], port["id"])
    wait_unbound(stack, port["id"])
    wait_until(lambda: port["id"] not in {i["port_id"] for i in stack.compute.call(
        "GET", f"/servers/{server['id']}/os-interface").json()["interfaceAttachments"]}, "the interface is gone")
    assert stack.compute.pci_devices() == ledger, "a normal port frees nothing"
    events = stack.cli.json("server", "event", "list", server["id"])
    actions = [e["Action"] for e in events]
    assert actions.count("attach_interface") == 1 and actions.count("detach_interface") == 1, events


def test_boot_on_a_network_creates_a_normal_port_deleted_with_the_server(stack):
    """`--nic net-id=`: the service creates the port (device_id the server) as Nova does,
    and deletes it with the server."""
    network = stack.vlan_network()
    ledger = stack.compute.pci_devices()
    name = stack.unique("vm-net")
    server = stack.cli.json("server", "create", "--image", "cirros-0.6.2", "--flavor", "m1.tiny", "--wait",
                            "--nic", f"net-id={network['id']}", name)
    stack.on_cleanup(lambda: stack.compute.delete_server(server["id"]))
    assert server["status"] == "ACTIVE", server
    ports = stack.cli.json("port", "list", "--server", server["id"])
    assert len(ports) == 1, ports
    port_id = ports[0]["ID"]
    assert_normal_bound(stack, port_id, server["id"])
    assert stack.network.port(port_id)["binding:vnic_type"] == "normal"
    assert stack.compute.pci_devices() == ledger, "a normal port claims nothing"

    stack.cli.run("server", "delete", "--wait", server["id"])
    wait_until(lambda: not stack.network.port_exists(port_id), f"port {port_id} deleted with its server")
