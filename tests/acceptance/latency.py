"""Attach/detach latency with the real Neutron, and the share of it spent inside
sriov-compute (issue 5's target: at most 5 %). A measurement, not a test: it prints
figures and asserts nothing about speed.

Each attach is timed at the client (POST os-interface until its 200); each detach from its
DELETE until the finish_time of its instance-action event (the 202 comes before the guest
has let the device go; the device is freed after the unbind). The forwarder in front of Neutron times every Neutron call, so
    sriov-compute's share = (total - time inside Neutron calls - guest removal) / total
where the guest removal is the simulated hypervisor's configured delay (a real guest's
time, not ours). The forwarder's own overhead counts as ours, so the share is an upper
bound.
usage: latency.py RUN_DIR [ROUNDS]   (SRIOV_COMPUTE_BIN as for the suite)"""
import datetime
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from conftest import HOST, MAPPED_PFS, NEUTRON_DEVICE_SPEC, NEUTRON_FAKE_HOST, REPO  # noqa: E402
from support.neutron_proxy import NeutronProxy  # noqa: E402
from support.neutron_server import NeutronServer  # noqa: E402
from support.ports import free_port  # noqa: E402
from support.rest import ComputeView, NetworkView  # noqa: E402
from support.sriov_server import SRIOVComputeServer  # noqa: E402
from support.sysfs_oracle import SysfsOracle  # noqa: E402

GUEST_REMOVAL_S = 0.020  # the simulated hypervisor's default removal_delay


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def detach_finished(compute, server_id, request_id):
    """When the service finished the detach (its event's finish_time, in its own clock on
    this machine): the 202 comes before the guest let the device go."""
    while True:
        response = compute.call("GET", f"/servers/{server_id}/os-instance-actions/{request_id}", version="2.51")
        assert response.status_code == 200, response.text
        events = response.json()["instanceAction"]["events"]
        if events and all(e["finish_time"] for e in events):
            assert all(e["result"] == "Success" for e in events), events
            finish = max(e["finish_time"] for e in events)
            return datetime.datetime.fromisoformat(finish).replace(tzinfo=datetime.timezone.utc).timestamp()
        time.sleep(0.02)


def summary(name, totals, neutron_parts, guest_s=0.0):
    ours = [t - n - guest_s for t, n in zip(totals, neutron_parts)]
    share = sum(ours) / sum(totals) * 100
    return (f"{name}: total p50 {statistics.median(totals) * 1000:.1f} ms p95 {percentile(totals, 0.95) * 1000:.1f} ms; "
            f"inside Neutron p50 {statistics.median(neutron_parts) * 1000:.1f} ms; "
            f"inside sriov-compute p50 {statistics.median(ours) * 1000:.1f} ms = {share:.1f} % of the total")


def main(run_dir, rounds):
    binary = os.environ.get("SRIOV_COMPUTE_BIN", os.path.join(REPO, ".build", "debug", "sriov-compute"))
    neutron = NeutronServer(os.path.join(run_dir, "neutron"), free_port())
    neutron.prepare()
    neutron.start()
    proxy = NeutronProxy(neutron.port, free_port())
    proxy.start()
    service = SRIOVComputeServer(binary, os.path.join(run_dir, "sriov-latency"), free_port(),
                                 network={"backend": "neutron", "url": proxy.url},
                                 fake_host=NEUTRON_FAKE_HOST, device_spec=NEUTRON_DEVICE_SPEC, host_name=HOST)
    try:
        service.start()
        oracle = SysfsOracle(service.sysfs_root)
        neutron.register_agent(HOST, [("physnet1", oracle.netdev(pf)) for pf in MAPPED_PFS])
        network_view, compute = NetworkView(neutron.url), ComputeView(service.url)
        network = network_view.create_network("latency", "physnet1", 180)
        boot = network_view.create_port(network["id"], "latency-boot", "direct")
        server_id = compute.create_server("latency", [boot["id"]])
        port = network_view.create_port(network["id"], "latency-vf", "direct")
        attach_totals, attach_neutron, detach_totals, detach_neutron = [], [], [], []
        for _ in range(rounds):
            start = time.time()
            response = compute.call("POST", f"/servers/{server_id}/os-interface",
                                    json={"interfaceAttachment": {"port_id": port["id"]}})
            end = time.time()
            assert response.status_code == 200, response.text
            attach_totals.append(end - start)
            attach_neutron.append(sum(c.seconds for c in proxy.calls_between(start, end)))

            start = time.time()
            response = compute.call("DELETE", f"/servers/{server_id}/os-interface/{port['id']}")
            assert response.status_code == 202, response.text
            end = detach_finished(compute, server_id, response.headers["x-openstack-request-id"])
            detach_totals.append(end - start)
            detach_neutron.append(sum(c.seconds for c in proxy.calls_between(start, end)))
        print(f"latency ({rounds} rounds, real Neutron, debug build unless SRIOV_COMPUTE_BIN says otherwise)")
        print(summary("attach", attach_totals, attach_neutron))
        print(summary("detach", detach_totals, detach_neutron, GUEST_REMOVAL_S))
    finally:
        service.stop()
        proxy.stop()
        neutron.stop()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
