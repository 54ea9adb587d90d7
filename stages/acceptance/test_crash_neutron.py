"""Crash points with the real Neutron stopped across the restart (issue 11 item 5).

Each point runs as the crash stage runs it (stages/crash/crashlib/points.py, the same entry:
its vnic type, the error point that steers into an undo), on a service of its own with
`backend = "neutron"` on the run's Neutron, its own host name (and NIC Switch agent row) and
its own VLAN network: the fixtures are made, the service is restarted with
SRIOV_COMPUTE_FAILPOINT naming the point, the operation runs, and the process must die by
SIGKILL there. Then Neutron is stopped, and each service restarted without the variable
must start and serve while Neutron is down, the cut operation's devices held (quarantined,
still its server's, as `os-pci-devices` shows them) and the bystander's untouched. Neutron
is started again on the same database; each service must settle (no journal row open or
quarantined, polled, bounded) and the ledger, Neutron's port bindings (`binding:host_id`,
`device_id`, `binding:profile.pci_slot`) and the simulated hypervisor's domains must agree
(crashlib/findings.py), the operation end in one of its allowed states, and deleting every
server give everything back.

One Neutron outage spans every point's restart: a Neutron start takes 8-20 s here, and
four outages would cost a minute more."""
import os
from dataclasses import replace

import pytest

from crashlib.points import POINTS, PointRun
from crashlib.subject import ServiceUnderTest
from crashlib.tally import Tally
from crashlib.world import read_api_ledger
from harness.api import APIClient
from harness.config import HOST
from support.neutron_network import NeutronNetwork
from support.ports import free_port


def crash_stage_point(name):
    """The first way the crash stage reaches `name` (its vnic type, its steering error point)."""
    return next(point for point in POINTS if point.name == name)


CHOSEN = (
    crash_stage_point("attach.after_bind"),
    crash_stage_point("detach.after_guest_release"),
    # Resumed while Neutron is away, the delete cannot unbind the port: it ends as a delete
    # whose unbind failed (the crash stage's "delete-retry": the server in ERROR, as Nova
    # leaves an instance whose deallocation failed, and its port freed by the retry once
    # Neutron is back), or with the server gone.
    replace(crash_stage_point("delete.after_undefine"), operation="delete-retry"),
    crash_stage_point("attach.undo.after_guest_release"),
)
NAMES = [point.name for point in CHOSEN]
# VLAN ids on physnet1 (100-199) that the suite's other networks (101, 102) do not take.
FIRST_SEGMENT = 150
# A retry after the restart pauses 1 s, doubling: with Neutron away for 20-30 s, the try
# that finds it back may come 30 s after it is; 90 s leaves room for a loaded machine.
SETTLE_SECONDS = 90


def held_while_neutron_is_down(run, neutron):
    """The restarted service serves while Neutron is down, holding the cut operation's
    devices: quarantined and its server's, never back in the pool; the bystander's device
    stays allocated to it."""
    if neutron.is_answering():
        run.problems.append("Neutron answered during the outage: nothing was tested")
    api = APIClient(HOST, run.subject.layout.port)
    try:
        status, _, reply = api.call("GET", "/v2.1/servers")
        if status != 200:
            run.problems.append(f"GET /v2.1/servers answered {status} while Neutron is down: {reply.body[:300]!r}")
        ledger = read_api_ledger(api)
    finally:
        api.close()
    server, bystander = run.scene.server, run.scene.bystander
    held = {address: status for address, (status, owner) in ledger.items() if owner == server}
    if not held:
        run.problems.append(f"while Neutron is down, os-pci-devices gives no device to {server}: "
                            "nothing keeps the device Neutron may still bind out of the pool")
    elif set(held.values()) != {"quarantined"}:
        run.problems.append(f"while Neutron is down, {server}'s devices are {held}, not all quarantined")
    kept = [status for status, owner in ledger.values() if owner == bystander]
    if kept != ["allocated"]:
        run.problems.append(f"while Neutron is down, the bystander's devices are {kept}, not one allocated")
    run.notes.append(f"Neutron down: served, {', '.join(f'{a} {s}' for a, s in sorted(held.items()))}")


@pytest.fixture(scope="module")
def crash_runs(run_dir, sriov_binary, neutron_outage):
    """Every chosen point cut, restarted across one Neutron outage and settled: name -> PointRun."""
    tally = Tally()
    runs = []
    for index, point in enumerate(CHOSEN):
        host = f"crash{index}"
        subject = ServiceUnderTest(sriov_binary, os.path.join(run_dir, "crash-neutron", host), free_port(),
                                   NeutronNetwork(neutron_outage, FIRST_SEGMENT + index), host)
        runs.append(PointRun(point, subject, tally))
    try:
        for run in runs:
            run.step(run.cut)
        neutron_outage.stop()
        for run in runs:
            run.step(run.restart)
            run.step(held_while_neutron_is_down, run, neutron_outage)
        neutron_outage.start()
        for run in runs:
            run.step(run.finish, SETTLE_SECONDS)
    finally:
        for run in runs:
            run.conclude()
            run.subject.network.close()
    return {run.point.name: run for run in runs}


@pytest.mark.parametrize("name", NAMES)
def test_crash_point_with_neutron_stopped_across_the_restart(crash_runs, name):
    run = crash_runs[name]
    failures = run.failures()
    assert not failures, "\n".join([f"point {run.point.failpoints}: {'; '.join(run.notes)}", *failures,
                                    "the service's log ends:", run.subject.log_tail(4000)])
