"""Issue 13's port delete against the real Keystone and Neutron: the Neutron behind
Keystone tells the service through its Nova notifier (the compute endpoint found in
Keystone's catalog, authenticated as Neutron's service user, allowed by
os-server-external-events:create = service_or_admin), and the VF is back in the pool."""
import time
import uuid

from support.rest import wait_until


def test_port_delete_in_the_keystone_neutron_frees_the_vf(identity):
    cli = identity.cli("alice")
    admin = identity.token("admin")
    port = cli.json("port", "create", "--network", identity.shared_network["id"], "--vnic-type", "direct",
                    f"id-del-{uuid.uuid4().hex[:6]}")
    server = cli.json("server", "create", "--flavor", "m1.tiny", "--image", "cirros-0.6.2", "--nic", f"port-id={port['id']}",
                      "--wait", f"id-vm-del-{uuid.uuid4().hex[:6]}")
    assert len(identity.compute.devices_of(server["id"], token=admin)) == 1
    # Neutron's defaults let the port's project delete it only while no compute device owns
    # it (the stage's run saw alice refused with rule:delete_port): an admin deletes it.
    identity.cli("admin").run("port", "delete", port["id"])
    deleted = time.monotonic()
    wait_until(lambda: identity.compute.devices_of(server["id"], token=admin) == {}, "the VF freed by Neutron's event", timeout=60)
    print(f"openstack port delete returned → VF free: {time.monotonic() - deleted:.2f} s")
    listed = identity.compute.call("GET", f"/servers/{server['id']}/os-interface", token=identity.token("alice"))
    assert listed.status_code == 200 and listed.json()["interfaceAttachments"] == [], listed.text
    actions = identity.compute.call("GET", f"/servers/{server['id']}/os-instance-actions", token=admin).json()["instanceActions"]
    detach = next(a for a in actions if a["action"] == "detach_interface")
    events = identity.compute.call("GET", f"/servers/{server['id']}/os-instance-actions/{detach['request_id']}",
                                   token=admin).json()["instanceAction"]["events"]
    assert [e["event"] for e in events] == ["compute_detach_interface"] and events[0]["result"] == "Success", events
    cli.run("server", "delete", "--wait", server["id"])
