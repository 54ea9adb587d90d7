"""The attach/detach flows of nova-behavior §7.1 driven with the real `openstack` CLI, and
the checks of the Networking API's own view and the PCI inventory after each step. Shared
by the Neutron-backed and the embedded-network runs."""
from .rest import assert_unbound, wait_until

VIF_TYPES = {"direct": "hw_veb", "macvtap": "hw_veb", "direct-physical": "hostdev_physical"}
HOST = "compute0"


def assert_bound(stack, port_id, server_id, vnic_type, physnet="physnet1"):
    """The port is bound to this host for this server, with exactly Nova's PCI keys for the
    device the ledger allocated to it; returns that device's address."""
    port = stack.network.port(port_id)
    assert port["binding:vif_type"] == VIF_TYPES[vnic_type], port
    assert port["binding:host_id"] == HOST, port
    assert port["device_id"] == server_id, port
    assert port["device_owner"].startswith("compute:"), port
    slot = port["binding:profile"]["pci_slot"]
    device = stack.compute.pci_devices()[slot]
    assert device["status"] == "allocated" and device["instance_uuid"] == server_id, device
    assert device["dev_type"] == ("type-PF" if vnic_type == "direct-physical" else "type-VF"), device
    assert port["binding:profile"] == stack.oracle.expected_profile(slot, physnet), port["binding:profile"]
    return slot


def settled_inventory(stack, slot):
    inventory = stack.compute.pci_devices()
    return inventory if inventory[slot]["status"] != "detaching" else None


def assert_released(stack, slot):
    """The device is back in the pool, and so is its family: a PF's VFs, or a VF's parent
    PF unless another of its VFs is still in use. The detach frees the device after it
    unbound the port, so a `detaching` device is waited for."""
    inventory = wait_until(lambda: settled_inventory(stack, slot), f"device {slot} leaves detaching")
    device = inventory[slot]
    assert device["status"] == "available" and device["instance_uuid"] is None, device
    if device["parent_addr"] is None:
        for vf in (d for d in inventory.values() if d["parent_addr"] == slot):
            assert vf["status"] == "available", vf
    else:
        parent = inventory[device["parent_addr"]]
        siblings_in_use = any(d["instance_uuid"] for d in inventory.values() if d["parent_addr"] == parent["address"])
        assert parent["status"] == ("unavailable" if siblings_in_use else "available"), parent


def wait_unbound(stack, port_id):
    wait_until(lambda: stack.network.port(port_id)["device_id"] == "", f"port {port_id} released")
    assert_unbound(stack.network.port(port_id))


def boot_attach_detach(stack, vnic_type):
    """Boot with a direct port, attach a `vnic_type` port with `server add port`, list the
    events, detach with `server remove port`, and check every step."""
    boot_port = stack.port("direct")
    server = stack.server([boot_port["id"]])
    assert server["status"] == "ACTIVE", server
    boot_slot = assert_bound(stack, boot_port["id"], server["id"], "direct")

    port = stack.port(vnic_type)
    stack.cli.run("server", "add", "port", server["id"], port["name"])
    slot = assert_bound(stack, port["id"], server["id"], vnic_type)
    assert slot != boot_slot
    shown = stack.cli.json("port", "show", port["name"])
    assert shown["binding_vif_type"] == VIF_TYPES[vnic_type] and shown["device_id"] == server["id"], shown

    interfaces = stack.cli.json("port", "list", "--server", server["id"])
    assert {p["ID"] for p in interfaces} == {boot_port["id"], port["id"]}, interfaces

    stack.cli.run("server", "remove", "port", server["id"], port["name"])
    wait_unbound(stack, port["id"])
    assert_released(stack, slot)
    shown = stack.cli.json("port", "show", port["name"])
    assert shown["device_id"] == "" and shown["binding_vif_type"] == "unbound", shown
    assert stack.network.port(boot_port["id"])["device_id"] == server["id"], "the boot port stays attached"

    events = stack.cli.json("server", "event", "list", server["id"])
    actions = [e["Action"] for e in sorted(events, key=lambda e: e["Start Time"])]
    assert actions == ["create", "attach_interface", "detach_interface"], events
    return server, port
