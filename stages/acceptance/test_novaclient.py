"""novaclient's Python API, unchanged, against the service (issue 5, "the real clients"):
version discovery, then attach / list / detach and the instance actions, with the real
Neutron and with the embedded network."""
from keystoneauth1 import noauth, session
from novaclient import api_versions, client

from support.flows import assert_bound, assert_released, wait_unbound


def novaclient_for(stack):
    endpoint = stack.service.compute_url
    sess = session.Session(auth=noauth.NoAuth(endpoint=endpoint))
    probe = client.Client("2.1", session=sess, endpoint_override=endpoint)
    version = api_versions.discover_version(probe, api_versions.APIVersion("2.latest"))
    return version, client.Client(version.get_string(), session=sess, endpoint_override=endpoint)


def test_novaclient_attach_detach(stack):
    version, nova = novaclient_for(stack)
    assert version.get_string() == "2.96"
    boot = stack.port("direct")
    server = stack.server([boot["id"]])
    assert server["id"] in {s.id for s in nova.servers.list()}
    assert "m1.tiny" in {f.name for f in nova.flavors.list()}
    found = nova.servers.find(name=server["name"])
    assert found.id == server["id"]

    port = stack.port("macvtap")
    attachment = nova.servers.interface_attach(found, port_id=port["id"], net_id=None, fixed_ip=None)
    assert attachment.port_id == port["id"] and attachment.net_id == port["network_id"]
    slot = assert_bound(stack, port["id"], server["id"], "macvtap")
    assert attachment.request_ids and attachment.request_ids[0].startswith("req-"), attachment.request_ids
    listed = nova.servers.interface_list(found)
    assert {i.port_id for i in listed} == {boot["id"], port["id"]}

    nova.servers.interface_detach(found, port["id"])
    wait_unbound(stack, port["id"])
    assert_released(stack, slot)

    actions = nova.instance_action.list(found)
    assert [a.action for a in sorted(actions, key=lambda a: a.start_time)] == [
        "create", "attach_interface", "detach_interface"]
    detach = next(a for a in actions if a.action == "detach_interface")
    shown = nova.instance_action.get(found, detach.request_id)
    assert shown.action == "detach_interface" and shown.events[0]["result"] == "Success", shown.events
