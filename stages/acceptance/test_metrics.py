"""`GET /metrics` read by Prometheus' own text-format parser (prometheus_client), after a
known sequence of operations through the real CLI: the census agrees with the PCI
inventory device by device, and the counters moved by exactly what was done. The
embedded service is shared with other tests, so counters are compared before and after."""
import requests
from prometheus_client.parser import text_string_to_metric_families

from support.rest import wait_until


def scrape(service):
    response = requests.get(service.metrics_url, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = []
    for family in text_string_to_metric_families(response.text):
        samples += [(sample.name, sample.labels, sample.value) for sample in family.samples]
    return samples


def total(samples, name, **labels):
    return sum(value for sample_name, sample_labels, value in samples
               if sample_name == name and all(sample_labels.get(k) == v for k, v in labels.items()))


def test_metrics_agree_with_the_ledger_after_boot_attach_detach_and_a_refusal(embedded_stack):
    stack = embedded_stack
    before = scrape(stack.service)
    first, second = stack.port("direct"), stack.port("macvtap")
    server = stack.server([first["id"]])
    stack.cli.run("server", "add", "port", server["id"], second["id"])
    stack.cli.run("server", "remove", "port", server["id"], second["id"])
    wait_until(lambda: second["id"] not in [i["port_id"] for i in stack.compute.call(
        "GET", f"/servers/{server['id']}/os-interface").json()["interfaceAttachments"]], "macvtap port detached")
    # The same port twice: refused (409) before anything changes.
    refused = stack.compute.call("POST", f"/servers/{server['id']}/os-interface", json={"interfaceAttachment": {"port_id": first["id"]}})
    assert refused.status_code == 409, refused.text
    after = scrape(stack.service)

    def moved(name, **labels):
        return total(after, name, **labels) - total(before, name, **labels)

    # The parser reads a histogram's _count as a sample of the family without the suffix.
    # The boot's attach is the boot's; the one `server add port` is the attach counted.
    assert moved("sriov_compute_attach_duration_seconds_count") == 1
    assert moved("sriov_compute_attach_duration_seconds_count", vnic_type="macvtap", result="success") == 1
    assert moved("sriov_compute_detach_duration_seconds_count", vnic_type="macvtap", result="success") == 1
    route = "/v2.1/servers/{server_id}/os-interface"
    assert moved("sriov_compute_http_requests_total", route=route, method="POST", status="200") == 1
    assert moved("sriov_compute_http_requests_total", route=route, method="POST", status="409") == 1
    assert moved("sriov_compute_quarantines_total") == 0

    inventory = stack.compute.pci_devices()
    assert total(after, "sriov_compute_pci_devices") == len(inventory)
    for status in {d["status"] for d in inventory.values()}:
        expected = sum(1 for d in inventory.values() if d["status"] == status)
        assert total(after, "sriov_compute_pci_devices", status=status) == expected, status
    held = [d for d in inventory.values() if d["instance_uuid"] == server["id"]]
    assert len(held) == 1 and held[0]["status"] == "allocated"
    pf = held[0].get("parent_addr") or ""
    assert total(after, "sriov_compute_pci_devices", status="allocated", pf=pf, dev_type="type-VF") >= 1
