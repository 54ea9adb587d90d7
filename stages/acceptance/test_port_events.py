"""`openstack port delete` of a port attached to a running server (issue 13, item 4): with
the real Neutron, its Nova notifier posts `network-vif-deleted` to
`/v2.1/os-server-external-events` (no Keystone: `[nova] auth_type = none` with the
endpoint); with the embedded network, the network tells the compute service itself. Either
way the VF comes back to the pool, the server's interface list no longer shows the port,
and the detach is an instance action with its event. Prints the delay from the CLI's
`port delete` to the VF back in the pool."""
import json
import time

from support.flows import assert_bound
from support.rest import wait_until


def vf_free(stack, slot):
    device = stack.compute.pci_devices()[slot]
    return device if device["status"] == "available" and device["instance_uuid"] is None else None


ROUNDS = 3


def test_port_delete_frees_the_vf(stack):
    boot_port = stack.port("direct")
    server = stack.server([boot_port["id"]])
    timings = []
    for _ in range(ROUNDS):
        port = stack.port("direct")
        stack.cli.run("server", "add", "port", server["id"], port["id"])
        slot = assert_bound(stack, port["id"], server["id"], "direct")

        started = time.monotonic()
        stack.cli.run("port", "delete", port["id"])
        answered = time.monotonic()
        wait_until(lambda: vf_free(stack, slot), f"VF {slot} of the deleted port back in the pool")
        freed = time.monotonic()
        timings.append({"cli_s": round(answered - started, 3), "after_cli_s": round(freed - answered, 3),
                        "total_s": round(freed - started, 3)})

        interfaces = stack.cli.json("port", "list", "--server", server["id"])
        assert [p["ID"] for p in interfaces] == [boot_port["id"]], interfaces
    print("port-delete-to-free " + json.dumps({"network": stack.name, "rounds": timings}))

    events = stack.cli.json("server", "event", "list", server["id"])
    actions = [e["Action"] for e in sorted(events, key=lambda e: e["Start Time"])]
    assert actions == ["create"] + ["attach_interface", "detach_interface"] * ROUNDS, events
    for detach in (e for e in events if e["Action"] == "detach_interface"):
        response = stack.compute.call("GET", f"/servers/{server['id']}/os-instance-actions/{detach['Request ID']}", version="2.96")
        shown = response.json()["instanceAction"]
        assert [e["event"] for e in shown["events"]] == ["compute_detach_interface"], shown
        assert shown["events"][0]["result"] == "Success", shown
    # The boot port is untouched.
    assert_bound(stack, boot_port["id"], server["id"], "direct")
