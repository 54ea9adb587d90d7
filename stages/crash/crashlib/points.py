"""Each failpoint of the binary (issue 11 item 5), reached by the operation that passes it.

For every point, on a service of its own: the fixtures are made with no failpoint (a
network, a bystander server holding a VF, and what the operation needs), the service is
restarted with SRIOV_COMPUTE_FAILPOINT naming the point (and the error points that steer
into an undo or a retry), the operation runs, and the process must die by SIGKILL there.
It is restarted without the variable on the same database and state, settles, and then:
the four sources agree (findings.py), the operation ended in one of its allowed states,
the bystander is untouched, and deleting every server frees every device, port and
domain."""
import re
import sqlite3
import time
from dataclasses import dataclass

from harness.api import APIError, wait_until

from .findings import check_world, failing
from .subject import DEATH_SECONDS, SETTLE_SECONDS, ServiceUnderTest, describe_exit, killed_by_sigkill


@dataclass(frozen=True)
class Point:
    name: str
    # attach, attach-undo, detach, detach-retry, boot, delete, delete-retry, suspend,
    # suspend-undo, resume, rebuild
    operation: str
    vnic_type: str = "direct"
    # Error points that steer the operation to the kill point (an undo, a retry).
    steering: str = ""

    @property
    def failpoints(self):
        return ",".join(part for part in (self.steering, self.name) if part)


# The line the binary writes as a kill point fires (Sources/Compute/Crash/Failpoints.swift).
FIRED = re.compile(r"^failpoint (\S+): SIGKILL$", re.MULTILINE)

POINTS = (
    Point("attach.after_claim", "attach"),
    Point("attach.after_bind", "attach", "direct-physical"),
    Point("attach.after_plug", "attach", "macvtap"),
    Point("attach.after_commit", "attach"),
    Point("attach.undo.after_guest_release", "attach-undo", steering="attach.plug=error"),
    Point("attach.undo.after_unbind", "attach-undo", "direct-physical", steering="attach.plug=error"),
    Point("attach.undo.after_settle", "attach-undo", steering="attach.plug=error"),
    Point("detach.after_mark", "detach"),
    Point("detach.after_guest_release", "detach", "direct-physical"),
    Point("detach.after_unbind", "detach", "macvtap"),
    Point("detach.after_settle", "detach"),
    Point("boot.after_define", "boot"),
    Point("boot.after_port", "boot", "macvtap"),
    Point("boot.before_active", "boot", "direct-physical"),
    Point("delete.after_journal", "delete"),
    Point("delete.after_undefine", "delete", "direct-physical"),
    Point("delete.after_unbind", "delete"),
    Point("delete.after_settle", "delete", "macvtap"),
    Point("delete.after_remove", "delete"),
    Point("retry.after_guest_release", "detach-retry", steering="detach.guest_release=error"),
    Point("retry.after_unbind", "detach-retry", steering="detach.unbind=error"),
    Point("retry.after_settle", "detach-retry", "direct-physical", steering="detach.unbind=error"),
    # The same kill points reached another way: the undo of an attach whose bind failed
    # (nothing in the guest), the retry of an attach's undo whose unbind failed, of a
    # delete whose unbind failed, of a detach whose guest release was not confirmed.
    Point("attach.undo.after_settle", "attach-undo", "macvtap", steering="attach.bind=error"),
    Point("retry.after_unbind", "attach-undo", steering="attach.plug=error,attach.undo.unbind=error"),
    Point("retry.after_unbind", "delete-retry", steering="delete.unbind=error"),
    Point("retry.after_settle", "detach-retry", "macvtap", steering="detach.guest_release=error"),
    # Suspend and resume (issue 14 item 3): the passthrough device out of the guest before
    # the managed save and back after the restore, the claim kept throughout; the put-back
    # after a refused save; the rebuild, which keeps the ports.
    Point("suspend.after_detach", "suspend"),
    Point("suspend.after_save", "suspend", "direct-physical"),
    Point("suspend.after_commit", "suspend"),
    Point("suspend.after_plug", "suspend-undo", steering="suspend.save=error"),
    Point("resume.after_restore", "resume"),
    Point("resume.after_plug", "resume", "direct-physical"),
    Point("resume.after_commit", "resume"),
    Point("rebuild.after_guest", "rebuild"),
    Point("rebuild.after_commit", "rebuild", "direct-physical"),
)

# The image a rebuild asks for: the one the service seeds (Sources/App/Assembly/CatalogSeed.swift).
REBUILD_IMAGE = "c3a9b0b4-5e6f-4a0e-9d6b-0f8f3b0a1c01"

# What each operation may leave behind once the service has settled after the kill:
# (server status, the port's state); None for a server deleted.
ALLOWED_ENDS = {
    "attach": {("ACTIVE", "attached"), ("ACTIVE", "free")},
    "attach-undo": {("ACTIVE", "free")},
    "detach": {("ACTIVE", "attached"), ("ACTIVE", "free")},
    "detach-retry": {("ACTIVE", "free")},
    "boot": {("ACTIVE", "attached"), ("ERROR", "free")},
    # Every delete point comes after the delete's journal row: the restart finishes it.
    "delete": {(None, "free")},
    # The delete answered that the port was kept (server in ERROR); the retry frees it.
    "delete-retry": {(None, "free"), ("ERROR", "free")},
    # A restart runs a cut suspend or resume again from its journal row, to its end; the
    # device stays attached (in the configuration, bound, allocated) throughout.
    "suspend": {("SUSPENDED", "attached")},
    # The refused save's put-back was cut: the restart runs the suspend again (the error
    # point fires once per process), which may now succeed.
    "suspend-undo": {("SUSPENDED", "attached"), ("ACTIVE", "attached")},
    "resume": {("ACTIVE", "attached")},
    "rebuild": {("ACTIVE", "attached")},
}


@dataclass
class Scene:
    bystander: str
    bystander_port: str
    port: str
    server: str | None  # None until a boot makes it


def port_state(world, server, port):
    """(`attached`, to `server` and whole in every source; `free`, held nowhere; or
    `half there`) and, for the last, what each source says."""
    interface = world.interfaces.get(port)
    binding = world.ports.get(port)
    holds = {address for domain in world.domains.values() if domain.uuid == server
             for address in domain.live | domain.persistent}
    owned = {device.address for device in world.ledger.values() if device.owned and device.owner == server}
    if interface is None and binding is not None and not binding.bound and not holds and not owned:
        return "free", ""
    if interface is not None and interface.server == server and interface.slot:
        device = world.ledger.get(interface.slot)
        domain = world.domains.get(server)
        if (device is not None and device.status == "allocated" and device.owner == server
                and binding is not None and (binding.device_id, binding.host, binding.slot) == (server, world.host, interface.slot)
                and domain is not None and interface.slot in domain.persistent
                and (not domain.is_live or interface.slot in domain.live)):
            return "attached", ""
    return "half there", (f"interface {interface and (interface.server, interface.slot)}, port "
            f"{binding and (binding.device_id, binding.slot)}, domain devices {sorted(holds)}, ledger owns {sorted(owned)}")


def server_status(world, server):
    document = world.servers.get(server)
    return document["status"] if document else None


class PointRun:
    """One point on its own service (`subject`, a ServiceUnderTest), its verdict in `tally`,
    in three phases a caller may space out (the acceptance suite stops Neutron between the
    kill and the restart): `cut` (the set-up, the operation, the death), `restart` (serving
    again) and `finish` (settled, checked, everything deleted). `run` does all three."""

    def __init__(self, point, subject, tally):
        self.point = point
        self.subject = subject
        self.tally = tally
        self.problems = []
        self.notes = []
        self.found = []
        self.scene = None
        self.in_flight = 0
        self.broken = False

    def run(self):
        for phase in (self.cut, self.restart, self.finish):
            self.step(phase)
        self.conclude()

    def step(self, phase, *arguments):
        """Runs `phase` unless the harness failed in an earlier one; the harness's own
        failure is a failure of the point (reported with the log)."""
        if self.broken:
            return
        try:
            phase(*arguments)
        except Exception as error:
            self.problems.append(f"harness: {type(error).__name__}: {error}")
            self.broken = True

    def conclude(self):
        """Stops the service and records the verdict."""
        self.subject.stop()
        self.tally.record(f"point {self.point.failpoints}", "; ".join(self.notes), self.problems, self.found,
                          self.subject.log_tail(6000))

    def failures(self):
        """What failed the point: its problems and the failing findings."""
        return self.problems + [str(finding) for finding in failing(self.found)]

    def cut(self):
        """The fixtures made without failpoints, the restart with them, the operation, and
        the death seen by waitpid."""
        self.subject.start()
        self.scene = self._set_up()
        self.subject.stop()
        self.subject.start(self.point.failpoints)
        outcome = self._operate(self.scene)
        status = self._await_kill(outcome)
        self.notes.append(f"{outcome} → {describe_exit(status)}")
        if killed_by_sigkill(status):
            self.tally.kills["failpoint"] += 1
            # The binary says which point fired (on stderr, into the log) before it dies.
            named = FIRED.findall(self.subject.log_since_start())
            if named and named != [self.point.name]:
                self.problems.append(f"killed at {', '.join(named)}, not at {self.point.name}")
        elif status is None:
            self.problems.append(f"point not reached: the {self.point.operation} finished and the process still runs")
            self.subject.kill()
        else:
            self.problems.append(f"the process ended with {describe_exit(status)}, not SIGKILL")
        self.in_flight = self.tally.count_in_flight(self.subject.pending())

    def restart(self):
        """Started again without failpoints, on the same database and state."""
        serve = self.subject.start()
        self.tally.serve_seconds.append(serve)
        self.notes.append(f"{self.in_flight} in the journal; served again in {serve:.2f} s")

    def finish(self, settle_seconds=SETTLE_SECONDS):
        """Settled (bounded), the sources checked, the end state judged, every server deleted."""
        started = time.monotonic()
        pending = self.subject.settle(settle_seconds)
        self.notes.append(f"settled in {time.monotonic() - started:.1f} s")
        if pending:
            self.problems.append(f"journal rows still pending {settle_seconds} s after the restart: "
                                 + "; ".join(f"{row.kind} {row.state} at {row.step}" for row in pending))
        world = self.subject.world()
        self.found = check_world(world)
        self._check_end(world, self.scene)
        self.problems += self.subject.release_all()

    def _set_up(self):
        networking = self.subject.network
        networking.host_ready(self.subject.layout)
        network = networking.create_network()
        bystander_port = networking.create_port(network, "direct", "bystander")
        port = networking.create_port(network, self.point.vnic_type, "subject")
        cloud = self.subject.cloud()
        try:
            bystander = cloud.boot_active("bystander", [bystander_port])
            server = None
            if self.point.operation in ("attach", "attach-undo"):
                server = cloud.boot_active("subject", [])
            elif self.point.operation != "boot":
                server = cloud.boot_active("subject", [port])
            if self.point.operation == "resume":
                suspended = cloud.suspend(server)
                if suspended.status != 202:
                    raise APIError(f"set-up: {suspended}")
                cloud.wait_for_status(server, {"SUSPENDED"})
            return Scene(bystander, bystander_port, port, server)
        finally:
            cloud.close()

    def _operate(self, scene):
        cloud = self.subject.cloud()
        try:
            operation = self.point.operation
            if operation in ("attach", "attach-undo"):
                outcome = cloud.attach(scene.server, scene.port)
            elif operation in ("detach", "detach-retry"):
                outcome = cloud.detach(scene.server, scene.port)
            elif operation == "boot":
                outcome = cloud.boot("subject", [scene.port])
                scene.server = outcome.server
            elif operation in ("suspend", "suspend-undo"):
                outcome = cloud.suspend(scene.server)
            elif operation == "resume":
                outcome = cloud.resume(scene.server)
            elif operation == "rebuild":
                outcome = cloud.rebuild(scene.server, REBUILD_IMAGE)
            else:
                outcome = cloud.delete(scene.server)
            return outcome
        finally:
            cloud.close()

    def _await_kill(self, outcome):
        """waitpid's status once the process died, or None when the operation (and any
        retry it scheduled) finished with the process still running."""
        if not outcome.answered:
            # The connection dropped: the process is dying (or the call was never sent).
            return self.subject.wait_for_exit(DEATH_SECONDS)
        if outcome.operation == "boot" and outcome.server is None:
            # The boot was refused: nothing runs that could reach the point.
            return self.subject.wait_for_exit(0)
        cloud = self.subject.cloud()
        try:
            def dead_or_finished():
                if not self.subject.running():
                    return True
                try:
                    finished = outcome.status >= 400 or cloud.action_finished(outcome)
                    return finished and not self.subject.pending()
                except (APIError, sqlite3.Error):
                    # The process died under the read: the next look sees it.
                    return not self.subject.running()
            wait_until(dead_or_finished, SETTLE_SECONDS + DEATH_SECONDS)
        finally:
            cloud.close()
        # An `after_settle` point kills just after the settling commit, so the operation can
        # be seen finished an instant before the process dies: a finished operation is
        # "not reached" only once the process has outlived that instant.
        return self.subject.wait_for_exit(DEATH_SECONDS)

    def _check_end(self, world, scene):
        operation = self.point.operation
        server = scene.server
        if server is None:
            # A boot cut before it answered: its server is the one that is not the bystander.
            server = next((id for id in world.servers if id != scene.bystander), None)
            scene.server = server
        state, detail = port_state(world, server, scene.port)
        end = (server_status(world, server), state)
        self.notes.append(f"end: server {end[0] or 'deleted'}, port {state}")
        if end not in ALLOWED_ENDS[operation]:
            self.problems.append(f"the {operation} ended as (server {end[0]}, port {state}{': ' + detail if detail else ''}), "
                                 "allowed: " + ", ".join(f"({s}, {p})" for s, p in sorted(ALLOWED_ENDS[operation], key=str)))
        if operation.startswith("delete") and end[0] is None and server in world.domains:
            self.problems.append(f"the deleted server {server} still has a domain")
        state, detail = port_state(world, scene.bystander, scene.bystander_port)
        if (server_status(world, scene.bystander), state) != ("ACTIVE", "attached"):
            self.problems.append(f"the bystander server was touched: server {server_status(world, scene.bystander)}, "
                                 f"port {state} {detail}")


def run_points(points, binary, workdir, port, tally):
    started = time.monotonic()
    for index, point in enumerate(points):
        PointRun(point, ServiceUnderTest(binary, f"{workdir}/point-{index}", port), tally).run()
    return time.monotonic() - started
