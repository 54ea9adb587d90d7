"""Failure paths against the real Neutron (issue 5, acceptance item 4). Each refused or
failed attach must leave nothing behind: the PCI device back in the pool, the port as it
was in Neutron, the server's other interfaces untouched."""
from support.flows import assert_bound
from support.rest import ComputeView, assert_unbound, wait_until


def attach(stack, server_id, port_id, version="2.1", token=None):
    return stack.compute.call("POST", f"/servers/{server_id}/os-interface", version=version, token=token,
                              json={"interfaceAttachment": {"port_id": port_id}})


def fault_message(response):
    body = response.json()
    (fault,) = body.values()
    return fault["message"]


def assert_only_boot_device(stack, server_id, boot_slot):
    assert set(stack.compute.devices_of(server_id)) == {boot_slot}, stack.compute.devices_of(server_id)


def assert_quarantined_for(stack, server_id, before):
    """The device claimed for the failed attach is out of the pool: quarantined, the server's."""
    changed = {a: d for a, d in stack.compute.pci_devices().items() if d != before[a]}
    assert changed, "the failed attach claimed no device: nothing protects a port Neutron may have bound"
    assert all(d["status"] == "quarantined" and d["instance_uuid"] == server_id for d in changed.values()), changed


def wait_until_undone(stack, port_id, before):
    """Waits for the retried undo, checking at every step that Neutron never has the port
    bound to a device the ledger hands out (the ledger is read first: an unbind precedes
    the free, so a free device whose port is still bound afterwards is a double hand-out)."""
    def undone():
        inventory = stack.compute.pci_devices()
        port = stack.network.port(port_id)
        slot = port["binding:profile"].get("pci_slot")
        if slot:
            assert inventory[slot]["status"] != "available", f"{slot} handed out while Neutron binds the port to it: {port}"
        return port["device_id"] == "" and inventory == before
    wait_until(undone, "the retried undo unbound the port and freed the device", 90)
    assert_unbound(stack.network.port(port_id))


def booted(stack):
    boot = stack.port("direct")
    server = stack.server([boot["id"]])
    return server["id"], assert_bound(stack, boot["id"], server["id"], "direct")


def test_binding_fails_on_a_physnet_the_agent_does_not_map(neutron_stack):
    stack = neutron_stack
    server_id, boot_slot = booted(stack)
    port = stack.port("direct", physnet="physnet2")
    before = stack.compute.pci_devices()
    response = attach(stack, server_id, port["id"])
    assert response.status_code in (400, 500), response.text
    assert "bind" in fault_message(response).lower(), response.text
    assert_unbound(stack.network.port(port["id"]))
    assert stack.compute.pci_devices() == before, "the VF went back to the pool"
    assert_only_boot_device(stack, server_id, boot_slot)
    failed = stack.cli.run("server", "add", "port", server_id, port["id"], expect_failure=True)
    assert "bind" in failed.stderr.lower(), failed.stderr
    assert_unbound(stack.network.port(port["id"]))


def test_port_of_another_project_is_refused(neutron_stack, neutron):
    stack = neutron_stack
    server_id, boot_slot = booted(stack)
    network = stack.vlan_network()
    port = stack.network.create_port(network["id"], stack.unique("p-other"), "direct", project_id="other-project")
    stack.on_cleanup(lambda: stack.network.delete_port(port["id"]))
    response = attach(stack, server_id, port["id"])
    assert response.status_code == 400, response.text
    assert port["id"] in fault_message(response), response.text
    assert_unbound(stack.network.port(port["id"]))
    assert stack.network.port(port["id"])["project_id"] == "other-project"
    assert_only_boot_device(stack, server_id, boot_slot)


def test_port_in_use_by_another_server_is_refused(neutron_stack):
    stack = neutron_stack
    first_id, first_boot = booted(stack)
    second_id, second_boot = booted(stack)
    port = stack.port("direct")
    assert attach(stack, first_id, port["id"]).status_code == 200
    slot = assert_bound(stack, port["id"], first_id, "direct")
    held = stack.network.port(port["id"])
    response = attach(stack, second_id, port["id"])
    assert response.status_code == 409, response.text
    assert port["id"] in fault_message(response), response.text
    assert stack.network.port(port["id"])["binding:profile"] == held["binding:profile"]
    assert stack.network.port(port["id"])["device_id"] == first_id
    assert set(stack.compute.devices_of(first_id)) == {first_boot, slot}
    assert_only_boot_device(stack, second_id, second_boot)


def test_port_held_by_a_device_outside_compute_is_refused(neutron_stack):
    stack = neutron_stack
    server_id, boot_slot = booted(stack)
    port = stack.port("direct")
    stack.network.update_port(port["id"], device_id="dhcp-agent-device", device_owner="network:dhcp")
    response = attach(stack, server_id, port["id"])
    assert response.status_code == 409, response.text
    held = stack.network.port(port["id"])
    assert held["device_id"] == "dhcp-agent-device" and held["device_owner"] == "network:dhcp", held
    assert_only_boot_device(stack, server_id, boot_slot)


def test_unknown_port_is_404(neutron_stack):
    stack = neutron_stack
    server_id, boot_slot = booted(stack)
    response = attach(stack, server_id, "6f0a7c43-7d4b-4a3e-9a53-2c4e8f1b0d11")
    assert response.status_code == 404, response.text
    assert "6f0a7c43-7d4b-4a3e-9a53-2c4e8f1b0d11" in fault_message(response), response.text
    assert_only_boot_device(stack, server_id, boot_slot)


def test_neutron_stopped_during_an_attach(neutron_stack, neutron, neutron_proxy):
    """Neutron goes away after the port was read and before the binding PUT reaches it.
    The service cannot tell whether the PUT landed and cannot take it back: the VF stays
    out of the pool (quarantined, still the server's) until its retried undo reaches
    Neutron once it is back."""
    stack = neutron_stack
    server_id, boot_slot = booted(stack)
    port = stack.port("direct")
    before = stack.compute.pci_devices()
    stack.on_cleanup(neutron_proxy.disarm)
    neutron_proxy.arm("PUT", f"/v2.0/ports/{port['id']}", neutron.stop)
    response = attach(stack, server_id, port["id"])
    assert neutron_proxy.fired(), "the attach never sent its binding PUT"
    assert response.status_code >= 500, response.text
    assert_quarantined_for(stack, server_id, before)
    neutron.start()
    wait_until_undone(stack, port["id"], before)
    assert_only_boot_device(stack, server_id, boot_slot)
    assert attach(stack, server_id, port["id"]).status_code == 200, "attach works again once Neutron is back"
    assert_bound(stack, port["id"], server_id, "direct")


def test_neutron_stopped_before_an_attach(neutron_stack, neutron):
    stack = neutron_stack
    server_id, boot_slot = booted(stack)
    port = stack.port("direct")
    before = stack.compute.pci_devices()
    neutron.stop()
    response = attach(stack, server_id, port["id"])
    assert response.status_code >= 500, response.text
    assert stack.compute.pci_devices() == before
    assert_only_boot_device(stack, server_id, boot_slot)
    neutron.start()
    assert_unbound(stack.network.port(port["id"]))


def test_neutron_frozen_during_the_binding_put(neutron_stack, neutron, neutron_proxy):
    """Neutron stops answering while the binding PUT is in flight: the attach times out,
    the undo cannot reach Neutron either, and the PUT lands once Neutron wakes up. The VF
    the port may point at stays out of the pool until the retried undo unbinds the port."""
    stack = neutron_stack
    server_id, boot_slot = booted(stack)
    port = stack.port("direct")
    before = stack.compute.pci_devices()
    stack.on_cleanup(neutron.thaw)
    stack.on_cleanup(neutron_proxy.disarm)
    neutron_proxy.arm("PUT", f"/v2.0/ports/{port['id']}", neutron.freeze)
    response = attach(stack, server_id, port["id"])
    assert neutron_proxy.fired(), "the attach never sent its binding PUT"
    assert response.status_code >= 500, response.text
    assert "did not answer" in fault_message(response), response.text
    assert_quarantined_for(stack, server_id, before)
    neutron.thaw()
    wait_until_undone(stack, port["id"], before)
    assert_only_boot_device(stack, server_id, boot_slot)


def test_neutron_refusing_connections(unreachable_neutron_service):
    """A service whose Neutron endpoint refuses connections: attach fails with a server
    error naming Neutron, and claims nothing."""
    compute = ComputeView(unreachable_neutron_service.url)
    server_id = compute.create_server("unreachable", [])
    response = compute.call("POST", f"/servers/{server_id}/os-interface",
                            json={"interfaceAttachment": {"port_id": "0d1f3c86-4b8e-4f7e-9a52-7b0c6a1e2f90"}})
    assert response.status_code >= 500, response.text
    assert "Neutron" in fault_message(response), response.text
    assert compute.devices_of(server_id) == {}
    assert all(d["status"] in ("available", "unavailable") for d in compute.pci_devices().values())
    compute.delete_server(server_id)
