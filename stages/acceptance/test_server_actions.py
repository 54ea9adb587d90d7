"""Server actions around attached devices, with the real CLI (issue 14 item 3): `server
reboot` soft and hard keeps the VF and its ledger row, `console log show` reads the
guest's console, as a Nova user runs them."""
from support.rest import wait_until


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
