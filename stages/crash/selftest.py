#!/usr/bin/env python3
"""The crash stage's own checks, on hand-made worlds: each kind of disagreement the stage
must catch is caught, and an agreeing world passes. Run by stages/crash/run.sh before the
stage (a checker that finds nothing would make every run pass). Standard library only."""
import io
import os
import random
import sys
import tempfile
import unittest

from crashlib import findings
from crashlib.cloud import Outcome
from crashlib.points import POINTS, port_state
from crashlib.rounds import Planned, answered_promises, plan_burst
from crashlib.world import Domain, Interface, JournalRow, LedgerDevice, Port, World, device_addresses, read_sysfs

PF = "0000:81:00.0"
VF1, VF2 = "0000:81:00.1", "0000:81:00.2"
S1, S2 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"


def vf(address, status="available", owner=None, reason=None):
    return LedgerDevice(address, "type-VF", status, owner, PF, reason)


def pf(status):
    return LedgerDevice(PF, "type-PF", status, None, None, None)


def agreeing_world():
    """S1 holds VF1 through port p1 in every source; VF2 is free; S2 holds nothing."""
    ledger = {PF: pf("unavailable"), VF1: vf(VF1, "allocated", S1), VF2: vf(VF2)}
    return World(
        host="crashhost", ledger=ledger, api_ledger={a: (d.status, d.owner) for a, d in ledger.items()},
        servers={S1: {"id": S1, "status": "ACTIVE"}, S2: {"id": S2, "status": "ACTIVE"}},
        interfaces={"p1": Interface("p1", S1, VF1, "direct")},
        ports={"p1": Port("p1", S1, "crashhost", VF1, "direct"), "p2": Port("p2", "", "", None, "direct")},
        domains={S1: Domain(S1, "running", live={VF1}, persistent={VF1}), S2: Domain(S2, "running")},
        sysfs={PF, VF1, VF2}, journal=[])


def kinds(world):
    return sorted({(finding.kind, finding.subject) for finding in findings.check_world(world)})


class CheckWorldTests(unittest.TestCase):
    def test_agreeing_world_has_no_finding(self):
        self.assertEqual(kinds(agreeing_world()), [])
        self.assertEqual(port_state(agreeing_world(), S1, "p1"), ("attached", ""))
        self.assertEqual(port_state(agreeing_world(), S2, "p2"), ("free", ""))

    def test_device_owned_but_held_by_nobody_is_leaked(self):
        world = agreeing_world()
        world.ledger[VF2] = vf(VF2, "allocated", S2)
        world.api_ledger[VF2] = ("allocated", S2)
        self.assertIn(("leaked", VF2), kinds(world))

    def test_owned_device_with_a_pending_operation_is_not_leaked(self):
        world = agreeing_world()
        world.ledger[VF2] = vf(VF2, "claimed", S2)
        world.api_ledger[VF2] = ("claimed", S2)
        world.journal.append(JournalRow("j1", "attach", S2, "p2", "open", "claimed", {"pci_slot": VF2}))
        self.assertNotIn(("leaked", VF2), kinds(world))

    def test_free_device_held_by_a_domain_is_leaked(self):
        world = agreeing_world()
        world.domains[S2].live.add(VF2)
        self.assertIn(("leaked", VF2), kinds(world))

    def test_free_device_named_by_a_bound_port_is_leaked(self):
        world = agreeing_world()
        world.ports["p2"] = Port("p2", S2, "crashhost", VF2, "direct")
        self.assertIn(("leaked", VF2), kinds(world))

    def test_device_of_a_deleted_server_is_leaked(self):
        world = agreeing_world()
        del world.servers[S1]
        self.assertIn(("leaked", VF1), kinds(world))

    def test_device_in_two_domains_is_double_owned(self):
        world = agreeing_world()
        world.domains[S2].persistent.add(VF1)
        self.assertIn(("double-owned", VF1), kinds(world))

    def test_ledger_owner_not_the_holder_is_double_owned(self):
        world = agreeing_world()
        world.ledger[VF1] = vf(VF1, "allocated", S2)
        world.api_ledger[VF1] = ("allocated", S2)
        self.assertIn(("double-owned", VF1), kinds(world))

    def test_attachment_missing_from_the_live_domain_disagrees(self):
        world = agreeing_world()
        world.domains[S1].live.clear()
        self.assertIn(("disagree", VF1), kinds(world))
        self.assertEqual(port_state(world, S1, "p1")[0], "half there")

    def test_port_bound_by_another_host_disagrees(self):
        world = agreeing_world()
        world.ports["p1"] = Port("p1", S1, "otherhost", VF1, "direct")
        self.assertIn(("disagree", VF1), kinds(world))
        self.assertEqual(port_state(world, S1, "p1")[0], "half there")

    def test_bound_port_without_interface_disagrees(self):
        world = agreeing_world()
        del world.interfaces["p1"]
        self.assertIn(("disagree", "p1"), kinds(world))

    def test_api_ledger_not_the_database_disagrees(self):
        world = agreeing_world()
        world.api_ledger[VF2] = ("claimed", S2)
        self.assertIn(("disagree", VF2), kinds(world))

    def test_ledger_not_sysfs_disagrees(self):
        world = agreeing_world()
        world.sysfs.discard(VF2)
        world.sysfs.add("0000:82:00.0")
        self.assertIn(("disagree", VF2), kinds(world))
        self.assertIn(("disagree", "0000:82:00.0"), kinds(world))

    def test_pf_available_while_its_vf_is_used_disagrees(self):
        world = agreeing_world()
        world.ledger[PF] = pf("available")
        world.api_ledger[PF] = ("available", None)
        self.assertIn(("disagree", PF), kinds(world))

    def test_server_left_building_and_domain_of_no_server_disagree(self):
        world = agreeing_world()
        world.servers[S2]["status"] = "BUILD"
        world.domains["33333333-3333-3333-3333-333333333333"] = Domain("33333333-3333-3333-3333-333333333333", "shutoff")
        self.assertIn(("disagree", S2), kinds(world))
        self.assertIn(("disagree", "33333333-3333-3333-3333-333333333333"), kinds(world))

    def test_quarantined_device_held_by_its_owner_is_counted_not_failed(self):
        world = agreeing_world()
        world.ledger[VF1] = vf(VF1, "quarantined", S1, "guest did not release")
        world.api_ledger[VF1] = ("quarantined", S1)
        found = findings.check_world(world)
        self.assertEqual(findings.failing(found), [])
        self.assertEqual(findings.count(found, "quarantined"), 1)

    def test_quarantined_device_nobody_holds_is_leaked(self):
        world = agreeing_world()
        world.ledger[VF2] = vf(VF2, "quarantined", S2, "unbind failed")
        world.api_ledger[VF2] = ("quarantined", S2)
        self.assertIn(("leaked", VF2), kinds(world))


class RoundTests(unittest.TestCase):
    def test_bursts_use_each_port_once_and_only_where_the_operation_applies(self):
        world = agreeing_world()
        world.servers[S2]["status"] = "ERROR"
        for extra in ("p3", "p4", "p5"):
            world.ports[extra] = Port(extra, "", "", None, "direct")
        for seed in range(200):
            planned = plan_burst(random.Random(seed), world, 0)
            ports = [port for plan in planned for port in plan.ports]
            self.assertEqual(len(ports), len(set(ports)), planned)
            for plan in planned:
                if plan.operation == "attach":
                    self.assertEqual(plan.server, S1)  # the only ACTIVE server
                    self.assertNotIn(plan.ports[0], {"p1"})  # bound
                elif plan.operation == "detach":
                    self.assertEqual((plan.server, plan.ports), (S1, ("p1",)))

    def test_an_answered_attach_that_did_not_hold_is_reported(self):
        world = agreeing_world()
        attach = Planned("attach", S2, ("p2",))
        self.assertEqual(len(answered_promises(world, [attach], [Outcome("attach", S2, "p2", 200)])), 1)
        self.assertEqual(answered_promises(world, [attach], [Outcome("attach", S2, "p2", None)]), [])
        # A delete of the server in the same burst may take it, answered or not.
        delete = Planned("delete", S2, ())
        self.assertEqual(answered_promises(world, [attach, delete], [Outcome("attach", S2, "p2", 200), None]), [])

    def test_an_answered_delete_of_a_server_still_there_is_reported(self):
        problems = answered_promises(agreeing_world(), [Planned("delete", S2, ())], [Outcome("delete", S2, None, 204)])
        self.assertEqual(len(problems), 1)


class CoverageTests(unittest.TestCase):
    def test_every_kill_point_the_readme_lists_is_run(self):
        """The README's "Crash safety" section lists the binary's points: a point added
        there without an entry in POINTS would never be killed at."""
        readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
        with open(readme) as file:
            section = file.read().split("## Crash safety", 1)[1].split("\n## ", 1)[0]
        listed = set()
        for line in section.splitlines():
            if line.startswith("    ") and not line.strip().startswith("errors:"):
                listed.update(line.split())
        self.assertTrue(listed, "no failpoints found in the README's Crash safety section")
        self.assertEqual(listed - {point.name for point in POINTS}, set())


class DomainXMLTests(unittest.TestCase):
    def test_host_devices_are_read_from_sources_not_guest_addresses(self):
        xml = """<domain><devices>
          <interface type='hostdev' managed='yes'><mac address='fa:16:3e:00:00:01'/>
            <source><address type='pci' domain='0x0000' bus='0x81' slot='0x00' function='0x1'/></source>
            <address type='pci' domain='0x0000' bus='0x07' slot='0x00' function='0x0'/></interface>
          <hostdev mode='subsystem' type='pci' managed='yes'>
            <source><address domain='0x0000' bus='0x82' slot='0x00' function='0x0'/></source></hostdev>
          <interface type='direct'><source dev='eth3' mode='passthrough'/></interface>
          <interface type='network'><source network='default'/></interface>
        </devices></domain>"""
        self.assertEqual(device_addresses(xml, {"eth3": "0000:81:00.3"}),
                         {"0000:81:00.1", "0000:82:00.0", "0000:81:00.3"})

    def test_sysfs_tracks_only_the_specs_ids(self):
        with tempfile.TemporaryDirectory() as root:
            for address, vendor, device in ((VF1, "0x15b3", "0x101e"), ("0000:00:1f.0", "0x8086", "0x1234")):
                path = os.path.join(root, "bus", "pci", "devices", address)
                os.makedirs(path)
                for name, value in (("vendor", vendor), ("device", device)):
                    with open(os.path.join(path, name), "w") as file:
                        file.write(value + "\n")
            self.assertEqual(read_sysfs(root), {VF1})


if __name__ == "__main__":
    report = io.StringIO()
    result = unittest.main(exit=False, testRunner=unittest.TextTestRunner(stream=report, verbosity=1)).result
    if not result.wasSuccessful():
        print(report.getvalue())
    print(f"crash selftest: {result.testsRun - len(result.failures) - len(result.errors)} passed, "
          f"{len(result.failures) + len(result.errors)} failed", flush=True)
    sys.exit(0 if result.wasSuccessful() else 1)
