"""Server actions around attached devices, with the real CLI (issue 14 item 3): `server
reboot` soft and hard keeps the VF and its ledger row, `console log show` reads the
guest's console, `server suspend` / `resume` with SR-IOV ports attached keep the devices
and the bindings (the real Neutron's too), `server rebuild` keeps the ports — as a Nova
user runs them; and the rebuild's answer passes Tempest's schema."""
import pytest

from support.rest import wait_until
from support.stack import IMAGE
from support.tempest_clients import TempestClients


def test_reboot_keeps_the_vf_and_console_log_shows_the_boots(embedded_stack):
    stack = embedded_stack
    port = stack.port("direct")
    server = stack.server([port["id"]])
    held = stack.compute.devices_of(server["id"])
    assert [d["status"] for d in held.values()] == ["allocated"], held

    stack.cli.run("server", "reboot", "--soft", "--wait", server["id"])
    stack.cli.run("server", "reboot", "--hard", "--wait", server["id"])
    assert stack.cli.json("server", "show", server["id"])["status"] == "ACTIVE"
    assert stack.compute.devices_of(server["id"]) == held
    assert stack.network.port(port["id"])["binding:profile"]["pci_slot"] == next(iter(held))
    events = stack.cli.json("server", "event", "list", server["id"])
    assert [e["Action"] for e in events][:2] == ["reboot", "reboot"], events

    log = stack.cli.run("console", "log", "show", server["id"]).stdout
    assert "boot 1" in log and "boot 3" in log, log
    assert next(iter(held)) in log, log
    tail = stack.cli.run("console", "log", "show", "--lines", "2", server["id"]).stdout
    assert tail.strip() and tail.strip() in log and len(tail.strip().splitlines()) <= 2, tail
    wait_until(lambda: stack.compute.devices_of(server["id"]) == held, "the VF still the server's")


def bindings(stack, ports):
    """What the network says each port is bound to: (device_id, pci_slot)."""
    return {p["id"]: (stack.network.port(p["id"])["device_id"], stack.network.port(p["id"])["binding:profile"].get("pci_slot"))
            for p in ports}


def test_suspend_and_resume_keep_the_devices_and_the_bindings(stack):
    vf, pf, macvtap = stack.port("direct"), stack.port("direct-physical"), stack.port("macvtap")
    server = stack.server([vf["id"], pf["id"], macvtap["id"]])
    held = stack.compute.devices_of(server["id"])
    assert sorted(d["status"] for d in held.values()) == ["allocated"] * 3, held
    bound = bindings(stack, [vf, pf, macvtap])
    assert all(device == server["id"] and slot in held for device, slot in bound.values()), bound

    stack.cli.run("server", "suspend", server["id"])
    stack.compute.wait_for_status(server["id"], "SUSPENDED")
    shown = stack.cli.json("server", "show", server["id"])
    assert shown["status"] == "SUSPENDED", shown
    # The devices are out of the guest but still the server's: the ledger and the
    # network say so.
    assert stack.compute.devices_of(server["id"]) == held
    assert bindings(stack, [vf, pf, macvtap]) == bound
    refused = stack.cli.run("server", "add", "port", server["id"], stack.port("direct")["id"], expect_failure=True)
    assert "while it is in vm_state suspended" in refused.stderr, refused.stderr

    stack.cli.run("server", "resume", server["id"])
    stack.compute.wait_for_status(server["id"], "ACTIVE")
    assert stack.cli.json("server", "show", server["id"])["status"] == "ACTIVE"
    assert stack.compute.devices_of(server["id"]) == held
    assert bindings(stack, [vf, pf, macvtap]) == bound
    events = stack.cli.json("server", "event", "list", server["id"])
    assert [e["Action"] for e in events][:2] == ["resume", "suspend"], events
    # The guest holds the VF again (the simulator's console lists what the guest holds).
    log = stack.cli.run("console", "log", "show", server["id"]).stdout
    assert bound[vf["id"]][1] in log, log


def test_rebuild_keeps_the_ports_and_their_devices(embedded_stack):
    stack = embedded_stack
    port = stack.port("direct")
    server = stack.server([port["id"]])
    held = stack.compute.devices_of(server["id"])

    stack.cli.run("server", "rebuild", "--image", IMAGE, "--wait", server["id"])
    shown = stack.cli.json("server", "show", server["id"])
    assert shown["status"] == "ACTIVE", shown
    assert stack.compute.devices_of(server["id"]) == held
    assert stack.network.port(port["id"])["binding:profile"]["pci_slot"] == next(iter(held))
    events = stack.cli.json("server", "event", "list", server["id"])
    assert events[0]["Action"] == "rebuild", events


@pytest.mark.parametrize("microversion", ["2.1", "2.26", "2.57", "2.75", "2.96"])
def test_the_rebuild_answer_passes_tempests_schema(embedded_stack, microversion):
    stack = embedded_stack
    port = stack.port("direct")
    server = stack.server([port["id"]])
    held = stack.compute.devices_of(server["id"])
    clients = TempestClients(stack.service.compute_url, stack.network_url)
    TempestClients.use_microversion(microversion)
    try:
        image = next(i["ID"] for i in stack.cli.json("image", "list") if i["Name"] == IMAGE)
        # rebuild_server validates the 202 and its body against Tempest's schema for the
        # microversion (with adminPass, which the body must then carry).
        rebuilt = clients.servers.rebuild_server(server["id"], image, adminPass="s3cret")["server"]
        assert rebuilt["adminPass"] == "s3cret" and rebuilt["image"]["id"] == image, rebuilt
    finally:
        TempestClients.use_microversion(None)
    stack.compute.wait_for_status(server["id"], "ACTIVE")
    assert stack.compute.devices_of(server["id"]) == held
