"""Attach/detach latency with the real Neutron, and the share of it spent inside
sriov-compute (issue 5's target: at most 5 %). A measurement, not a test: it prints
figures and asserts nothing about speed.

sriov-compute talks to Neutron directly here. Each attach is timed at the client (POST
os-interface until its 200); each detach from its DELETE until the finish_time of its
instance-action event (the 202 comes before the guest let the device go, and the device
is freed after the unbind). Neutron's own time for every request it served comes from
gunicorn's access log, so
    sriov-compute's share = (total - Neutron's time - guest removal) / total
where the guest removal is the simulated hypervisor's removal delay (a guest's time, not
ours). Loopback transfer and gunicorn's parsing before its clock starts count as ours, so
that share is an upper bound. The service also logs (at debug level) how long it waited
for each Neutron call, connection and transfer included; total minus that is the time
spent inside sriov-compute by its own clock, the second share printed (it still counts the
client's and the HTTP transport's time as ours). The third counts only the service's work
inside the operation's instance-action event (start_time to finish_time) that was not
spent waiting on Neutron: the API's parsing before the event and its answer after it are
left out, so it is a lower bound where the second is an upper one.
usage: latency.py RUN_DIR [ROUNDS]   (SRIOV_COMPUTE_BIN as for the suite)"""
import datetime
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from conftest import REPO  # noqa: E402
from support.neutron_host import default_binary, neutron_backed_service, register_nic_switch_agent  # noqa: E402
from support.neutron_server import NeutronServer  # noqa: E402
from support.ports import free_port  # noqa: E402
from support.rest import ComputeView, NetworkView  # noqa: E402

GUEST_REMOVAL_S = 0.020  # the simulated hypervisor's default removal_delay
LOG_SETTLE_S = 0.05  # gunicorn writes a request's line just after its response


class AccessLog:
    """Neutron's time per request, from the lines appended since the last read."""

    def __init__(self, path):
        self.path = path
        self.offset = 0

    def new_requests(self):
        time.sleep(LOG_SETTLE_S)
        with open(self.path) as log:
            log.seek(self.offset)
            lines = log.readlines()
            self.offset = log.tell()
        return [int(line.rsplit(" ", 1)[1]) / 1e6 for line in lines if line.strip()]


class ServiceLog(AccessLog):
    """How long the service waited for each Neutron call, from its debug lines
    `neutron call: <call> -> <status> in <µs> us`."""

    def new_requests(self):
        time.sleep(LOG_SETTLE_S)
        with open(self.path, errors="replace") as log:
            log.seek(self.offset)
            lines = log.readlines()
            self.offset = log.tell()
        return [int(line.rsplit(" in ", 1)[1].split()[0]) / 1e6 for line in lines if "neutron call: " in line]


def detach_finished(compute, server_id, request_id):
    """When the service finished the detach: its event's finish_time (its own clock, on
    this machine)."""
    while True:
        response = compute.call("GET", f"/servers/{server_id}/os-instance-actions/{request_id}", version="2.51")
        assert response.status_code == 200, response.text
        events = response.json()["instanceAction"]["events"]
        if events and all(e["finish_time"] for e in events):
            assert all(e["result"] == "Success" for e in events), events
            finish = max(e["finish_time"] for e in events)
            return datetime.datetime.fromisoformat(finish).replace(tzinfo=datetime.timezone.utc).timestamp()
        time.sleep(0.02)


def event_seconds(compute, server_id, request_id):
    """How long the operation's own event lasted (finish_time - start_time, the service's
    clock): the service's work from recording the action to ending it, without the
    client's or the HTTP transport's time."""
    response = compute.call("GET", f"/servers/{server_id}/os-instance-actions/{request_id}", version="2.51")
    assert response.status_code == 200, response.text
    events = response.json()["instanceAction"]["events"]
    assert events and all(e["finish_time"] for e in events), events
    parse = lambda text: datetime.datetime.fromisoformat(text).timestamp()  # noqa: E731
    return max(parse(e["finish_time"]) for e in events) - min(parse(e["start_time"]) for e in events)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(name, totals, neutron_times, awaited_times, event_times, guest_s=0.0):
    neutron_parts = [sum(times) for times in neutron_times]
    ours = [t - n - guest_s for t, n in zip(totals, neutron_parts)]
    share = sum(ours) / sum(totals) * 100
    awaited = [sum(times) for times in awaited_times]
    inside = [t - a - guest_s for t, a in zip(totals, awaited)]
    inside_share = sum(inside) / sum(totals) * 100
    in_event = [e - a - guest_s for e, a in zip(event_times, awaited)]
    event_share = sum(in_event) / sum(totals) * 100
    return (f"{name}: total p50 {statistics.median(totals) * 1000:.1f} ms p95 {percentile(totals, 0.95) * 1000:.1f} ms; "
            f"inside Neutron p50 {statistics.median(neutron_parts) * 1000:.1f} ms "
            f"({statistics.median(len(t) for t in neutron_times):.0f} calls); "
            f"inside sriov-compute p50 {statistics.median(ours) * 1000:.1f} ms = {share:.1f} % of the total "
            f"(upper bound); by the service's own clock, waiting on Neutron p50 {statistics.median(awaited) * 1000:.1f} ms, "
            f"inside sriov-compute p50 {statistics.median(inside) * 1000:.1f} ms = {inside_share:.1f} % of the total; "
            f"within the operation's event, not waiting on Neutron, p50 {statistics.median(in_event) * 1000:.1f} ms "
            f"= {event_share:.1f} % of the total")


def measure(compute, server_id, port_id, access_log, service_log, rounds):
    attaches, attach_neutron, detaches, detach_neutron = [], [], [], []
    attach_awaited, detach_awaited, attach_events, detach_events = [], [], [], []
    access_log.new_requests()
    service_log.new_requests()
    for _ in range(rounds):
        start = time.time()
        response = compute.call("POST", f"/servers/{server_id}/os-interface",
                                json={"interfaceAttachment": {"port_id": port_id}})
        attaches.append(time.time() - start)
        assert response.status_code == 200, response.text
        attach_neutron.append(access_log.new_requests())
        attach_awaited.append(service_log.new_requests())
        attach_events.append(event_seconds(compute, server_id, response.headers["x-openstack-request-id"]))

        start = time.time()
        response = compute.call("DELETE", f"/servers/{server_id}/os-interface/{port_id}")
        assert response.status_code == 202, response.text
        request_id = response.headers["x-openstack-request-id"]
        detaches.append(detach_finished(compute, server_id, request_id) - start)
        detach_neutron.append(access_log.new_requests())
        detach_awaited.append(service_log.new_requests())
        detach_events.append(event_seconds(compute, server_id, request_id))
    # Both clocks must have seen the same calls, or the two shares would not be comparable.
    for what, served, awaited in (("attach", attach_neutron, attach_awaited), ("detach", detach_neutron, detach_awaited)):
        counts = [(len(s), len(a)) for s, a in zip(served, awaited)]
        assert all(s == a for s, a in counts), f"{what}: Neutron served / the service logged calls per round: {counts}"
    return (summary("attach", attaches, attach_neutron, attach_awaited, attach_events),
            summary("detach", detaches, detach_neutron, detach_awaited, detach_events, GUEST_REMOVAL_S))


def main(run_dir, rounds):
    binary = default_binary(REPO)
    neutron = NeutronServer(os.path.join(run_dir, "neutron"), free_port())
    neutron.prepare()
    access_path = os.path.join(run_dir, "neutron-access.log")
    neutron.start(access_log=access_path)
    service = neutron_backed_service(binary, os.path.join(run_dir, "sriov-latency"), free_port(), neutron.url, "30s",
                                     log_level="debug")
    try:
        service.start()
        register_nic_switch_agent(neutron, service)
        network_view, compute = NetworkView(neutron.url), ComputeView(service.url)
        network = network_view.create_network("latency", "physnet1", 180)
        boot = network_view.create_port(network["id"], "latency-boot", "direct")
        server_id = compute.create_server("latency", [boot["id"]])
        port = network_view.create_port(network["id"], "latency-vf", "direct")
        lines = measure(compute, server_id, port["id"], AccessLog(access_path), ServiceLog(service.log_path), rounds)
        print(f"latency ({rounds} rounds, real Neutron, {binary})")
        print("\n".join(lines))
    finally:
        service.stop()
        neutron.stop()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
