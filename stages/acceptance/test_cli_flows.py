"""The real `openstack` CLI against sriov-compute with the real Neutron behind it (issue 5,
acceptance item 2): ports created in Neutron, `server create`, `server add port`,
`server remove port`, `server event list`, `port show`, each checked in Neutron's own view
and in the PCI inventory (os-pci-devices)."""
import pytest

from support.flows import assert_bound, assert_released, boot_attach_detach, wait_unbound
from support.rest import assert_unbound


@pytest.mark.parametrize("vnic_type", ["direct", "macvtap", "direct-physical"])
def test_boot_attach_detach(neutron_stack, vnic_type):
    boot_attach_detach(neutron_stack, vnic_type)


def test_neutron_shows_the_vlan_of_the_provider_network(neutron_stack):
    network = neutron_stack.vlan_network()
    port = neutron_stack.port("direct")
    server = neutron_stack.server([port["id"]])
    bound = neutron_stack.network.port(port["id"])
    assert bound["binding:vif_details"]["vlan"] == str(network["provider:segmentation_id"]), bound
    assert bound["binding:vif_details"]["bound_drivers"] == {"0": "sriovnicswitch"}, bound
    interfaces = neutron_stack.cli.json("port", "list", "--server", server["id"], "--long")
    assert [p["ID"] for p in interfaces] == [port["id"]], interfaces


def test_server_delete_unbinds_its_ports(neutron_stack):
    port = neutron_stack.port("direct")
    server = neutron_stack.server([port["id"]])
    slot = assert_bound(neutron_stack, port["id"], server["id"], "direct")
    neutron_stack.cli.run("server", "delete", "--wait", server["id"])
    assert_unbound(neutron_stack.network.port(port["id"]))
    assert neutron_stack.compute.pci_devices()[slot]["status"] == "available"


def test_reattach_the_same_port_after_detach(neutron_stack):
    boot = neutron_stack.port("direct")
    server = neutron_stack.server([boot["id"]])
    port = neutron_stack.port("direct")
    for _ in range(2):
        neutron_stack.cli.run("server", "add", "port", server["name"], port["id"])
        slot = assert_bound(neutron_stack, port["id"], server["id"], "direct")
        neutron_stack.cli.run("server", "remove", "port", server["name"], port["id"])
        wait_unbound(neutron_stack, port["id"])
        # The detach frees the device after the unbind; the next attach waits for that.
        assert_released(neutron_stack, slot)


def test_server_lookup_by_name_and_listing(neutron_stack):
    port = neutron_stack.port("direct")
    server = neutron_stack.server([port["id"]])
    shown = neutron_stack.cli.json("server", "show", server["name"])
    assert shown["id"] == server["id"] and shown["status"] == "ACTIVE", shown
    listed = neutron_stack.cli.json("server", "list")
    assert server["id"] in {s["ID"] for s in listed}, listed
    flavors = neutron_stack.cli.json("flavor", "list")
    assert "m1.tiny" in {f["Name"] for f in flavors}, flavors
    images = neutron_stack.cli.json("image", "list")
    assert "cirros-0.6.2" in {i["Name"] for i in images}, images
