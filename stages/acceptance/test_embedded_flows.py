"""The same client flows against the embedded network backend (issue 5, acceptance item
5), and the embedded Networking API through `openstack network create / port create /
port show / port list`."""
import pytest

from support.flows import boot_attach_detach


@pytest.mark.parametrize("vnic_type", ["direct", "macvtap", "direct-physical"])
def test_boot_attach_detach(embedded_stack, vnic_type):
    boot_attach_detach(embedded_stack, vnic_type)


def test_network_commands(embedded_stack):
    network = embedded_stack.vlan_network()
    shown = embedded_stack.cli.json("network", "show", network["name"])
    assert shown["provider:network_type"] == "vlan" and shown["provider:physical_network"] == "physnet1", shown
    assert shown["provider:segmentation_id"] == network["provider:segmentation_id"], shown
    port = embedded_stack.port("macvtap")
    shown = embedded_stack.cli.json("port", "show", port["name"])
    assert shown["id"] == port["id"] and shown["binding_vnic_type"] == "macvtap", shown
    assert shown["network_id"] == network["id"] and shown["binding_vif_type"] == "unbound", shown
    listed = embedded_stack.cli.json("port", "list", "--network", network["id"])
    assert port["id"] in {p["ID"] for p in listed}, listed
    assert embedded_stack.network.port(port["id"])["binding:vnic_type"] == "macvtap"
