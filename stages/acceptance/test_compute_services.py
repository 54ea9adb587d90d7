"""The hosts of the cloud through the real `openstack` CLI on the single-host service
(issue 12 item 2): `compute service list` shows the host's nova-compute service up and
enabled, `compute service set --disable --disable-reason` and `--enable` change it (read
back through the CLI and the API), `hypervisor list` / `hypervisor show` show the host's
hypervisor (with its PCI pools in the API's 2.88 detail), and `availability zone list`
shows `nova`."""
from support.flows import HOST


def service_row(stack):
    services = stack.cli.json("compute", "service", "list")
    rows = [s for s in services if s["Host"] == HOST]
    assert len(rows) == 1, services
    return rows[0]


def test_service_list_shows_the_host_up_and_enabled(embedded_stack):
    row = service_row(embedded_stack)
    assert row["Binary"] == "nova-compute" and row["Zone"] == "nova", row
    assert row["Status"] == "enabled" and row["State"] == "up", row


def test_service_set_disables_with_a_reason_and_enables_again(embedded_stack):
    cli = embedded_stack.cli
    try:
        cli.run("compute", "service", "set", "--disable", "--disable-reason", "maintenance window", HOST, "nova-compute")
        row = service_row(embedded_stack)
        assert row["Status"] == "disabled", row
        listed = embedded_stack.compute.call("GET", f"/os-services?host={HOST}", version="2.53").json()["services"]
        assert [(s["status"], s["disabled_reason"]) for s in listed] == [("disabled", "maintenance window")], listed
        zones = cli.json("availability", "zone", "list", "--compute")
        assert [(z["Zone Name"], z["Zone Status"]) for z in zones] == [("nova", "not available")], zones
    finally:
        cli.run("compute", "service", "set", "--enable", HOST, "nova-compute")
    row = service_row(embedded_stack)
    assert row["Status"] == "enabled", row
    listed = embedded_stack.compute.call("GET", "/os-services", version="2.53").json()["services"]
    assert [s["disabled_reason"] for s in listed] == [None], listed


def test_service_set_of_an_unknown_host_fails(embedded_stack):
    done = embedded_stack.cli.run("compute", "service", "set", "--disable", "no-such-host", "nova-compute", expect_failure=True)
    assert "no-such-host" in done.stderr or "not found" in done.stderr.lower(), done.stderr


def test_hypervisor_list_and_show(embedded_stack):
    cli = embedded_stack.cli
    hypervisors = cli.json("hypervisor", "list")
    assert [(h["Hypervisor Hostname"], h["Hypervisor Type"], h["State"]) for h in hypervisors] == [(HOST, "QEMU", "up")], hypervisors
    shown = cli.json("hypervisor", "show", HOST)
    assert shown["hypervisor_hostname"] == HOST and shown["state"] == "up" and shown["status"] == "enabled", shown
    detail = embedded_stack.compute.call("GET", "/os-hypervisors/detail", version="2.88")
    assert detail.status_code == 200, detail.text
    pools = detail.json()["hypervisors"][0]["pci_pools"]
    devices = embedded_stack.compute.pci_devices()
    assert sum(p["total"] for p in pools) == len([d for d in devices.values() if d["status"] not in ("removed", "deleted")]), pools
    assert sum(p["free"] for p in pools) == len([d for d in devices.values() if d["status"] == "available"]), pools
    assert {p["physical_network"] for p in pools if p["dev_type"] == "type-VF"} >= {"physnet1"}, pools


def test_availability_zone_list_shows_nova(embedded_stack):
    # Without --compute the CLI also asks the volume service, which this cloud has not.
    zones = embedded_stack.cli.json("availability", "zone", "list", "--compute")
    assert [(z["Zone Name"], z["Zone Status"]) for z in zones] == [("nova", "available")], zones
    compute = embedded_stack.cli.json("availability", "zone", "list", "--compute", "--long")
    assert [(z["Zone Name"], z["Zone Status"], z["Host Name"], z["Service Name"]) for z in compute] == [
        ("nova", "available", HOST, "nova-compute")], compute
    detail = embedded_stack.compute.call("GET", "/os-availability-zone/detail").json()["availabilityZoneInfo"]
    assert detail[0]["hosts"][HOST]["nova-compute"]["available"] is True, detail
