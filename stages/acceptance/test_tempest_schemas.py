"""tempest.lib's service clients, whose every compute response is validated against
Tempest's JSON schema for the microversion in use (issue 5, acceptance item 3): servers
list / detail / show, flavors, os-interface create / list / show / delete, instance actions
list / show — at 2.1, 2.49, 2.70, 2.96, 2.100 and 2.104, with the real Neutron and with the embedded
network."""
import pytest

from support.flows import assert_bound, assert_released, wait_unbound
from support.tempest_clients import TempestClients

MICROVERSIONS = ["2.1", "2.49", "2.70", "2.96", "2.100", "2.104"]


@pytest.fixture
def tempest(stack):
    clients = TempestClients(stack.service.compute_url, stack.network_url)
    yield clients
    TempestClients.use_microversion(None)


@pytest.mark.parametrize("microversion", MICROVERSIONS)
def test_schemas_of_the_attach_detach_flow(stack, tempest, microversion):
    TempestClients.use_microversion(microversion)
    boot_port = stack.port("direct")
    server_id = stack.compute.create_server(stack.unique("vm"), [boot_port["id"]])
    stack.on_cleanup(lambda: stack.compute.delete_server(server_id))

    assert server_id in {s["id"] for s in tempest.servers.list_servers()["servers"]}
    detail = tempest.servers.list_servers(detail=True)["servers"]
    assert server_id in {s["id"] for s in detail}
    server = tempest.servers.show_server(server_id)["server"]
    assert server["status"] == "ACTIVE"

    flavors = tempest.flavors.list_flavors(detail=True)["flavors"]
    assert "m1.tiny" in {f["name"] for f in flavors}
    assert tempest.flavors.show_flavor("1")["flavor"]["name"] == "m1.tiny"

    port = stack.port("direct")
    created = tempest.interfaces.create_interface(server_id, port_id=port["id"])["interfaceAttachment"]
    assert created["port_id"] == port["id"] and created["net_id"] == port["network_id"], created
    assert created["mac_addr"] == port["mac_address"], created
    assert created["port_state"] == stack.network.port(port["id"])["status"], created
    slot = assert_bound(stack, port["id"], server_id, "direct")

    listed = tempest.interfaces.list_interfaces(server_id)["interfaceAttachments"]
    assert {i["port_id"] for i in listed} == {boot_port["id"], port["id"]}, listed
    shown = tempest.interfaces.show_interface(server_id, port["id"])["interfaceAttachment"]
    assert shown["port_id"] == port["id"] and shown["fixed_ips"] == created["fixed_ips"], shown

    tempest.interfaces.delete_interface(server_id, port["id"])
    wait_unbound(stack, port["id"])
    assert_released(stack, slot)

    actions = tempest.servers.list_instance_actions(server_id)["instanceActions"]
    assert sorted(a["action"] for a in actions) == ["attach_interface", "create", "detach_interface"], actions
    attach = next(a for a in actions if a["action"] == "attach_interface")
    action = tempest.servers.show_instance_action(server_id, attach["request_id"])["instanceAction"]
    assert action["action"] == "attach_interface" and action["events"], action
    assert action["events"][0]["result"] == "Success", action


def test_version_documents(stack, tempest):
    versions = tempest.versions.list_versions()["versions"]
    current = next(v for v in versions if v["id"] == "v2.1")
    assert current["version"] == "2.104" and current["min_version"] == "2.1", current
