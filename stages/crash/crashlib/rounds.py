"""The randomized run: on one service that lives through every round, each round sends a
burst of concurrent attaches, detaches, boots and deletes, SIGKILLs the process from
outside at a random moment, restarts it on the same database and state, lets it settle and
checks that the sources agree — and that what was answered before the kill held: an attach
answered 200 is attached, a delete answered 204 is gone, a boot answered 202 exists.

The seed fixes the random draws: the first round's plan and every kill moment. Later plans
pick among what the earlier rounds left, which depends on how far each operation got
before its kill (the machine's timing), so a replay may part ways after a few rounds."""
import random
import threading
import time
from dataclasses import dataclass

from .findings import check_world
from .points import port_state, server_status
from .subject import ServiceUnderTest, describe_exit, killed_by_sigkill

PORT_MIX = ("direct",) * 12 + ("macvtap",) * 3 + ("direct-physical",) * 2
FIRST_SERVERS = 4
MAX_SERVERS = 8
BURST = (3, 8)
# The kill lands within this many seconds of the burst's start: the bursts of a debug
# build on two cores take 0.05–0.25 s (the HTTP answers; detaches go on after their 202),
# so most kills cut operations, some the background detaches, a few nothing at all.
KILL_WINDOW_SECONDS = 0.25
WEIGHTS = {"attach": 4, "detach": 3, "boot": 2, "delete": 1}


@dataclass(frozen=True)
class Planned:
    operation: str
    server: str | None
    ports: tuple


def plan_burst(rng, world, round_index):
    """Operations on distinct ports, applicable to the world as it stands."""
    active = sorted(id for id, server in world.servers.items() if server["status"] == "ACTIVE")
    attached = sorted((i.port, i.server) for i in world.interfaces.values() if i.server in active)
    free = sorted(id for id, port in world.ports.items() if not port.bound and id not in world.interfaces)
    servers = sorted(world.servers)
    planned, booted, deleted = [], 0, set()
    for index in range(rng.randint(*BURST)):
        choices = []
        if active and free:
            choices.append("attach")
        if attached:
            choices.append("detach")
        if len(servers) + booted < MAX_SERVERS:
            choices.append("boot")
        if len(servers) - len(deleted) > 2:
            choices.append("delete")
        if not choices:
            break
        operation = rng.choices(choices, weights=[WEIGHTS[c] for c in choices])[0]
        if operation == "attach":
            port = rng.choice(free)
            free.remove(port)
            planned.append(Planned("attach", rng.choice(active), (port,)))
        elif operation == "detach":
            port, server = attached.pop(rng.randrange(len(attached)))
            planned.append(Planned("detach", server, (port,)))
        elif operation == "boot":
            ports = tuple(rng.sample(free, min(len(free), rng.choice((0, 1, 1, 2)))))
            for port in ports:
                free.remove(port)
            booted += 1
            planned.append(Planned("boot", f"round{round_index}-{index}", ports))
        else:
            # Servers in ERROR first: failed boots pile up otherwise.
            broken = [id for id in servers if world.servers[id]["status"] == "ERROR" and id not in deleted]
            server = rng.choice(broken or [id for id in servers if id not in deleted])
            deleted.add(server)
            planned.append(Planned("delete", server, ()))
    return planned


def _perform(subject, planned, outcomes, index):
    cloud = subject.cloud()
    try:
        if planned.operation == "attach":
            outcome = cloud.attach(planned.server, planned.ports[0])
        elif planned.operation == "detach":
            outcome = cloud.detach(planned.server, planned.ports[0])
        elif planned.operation == "boot":
            outcome = cloud.boot(planned.server, list(planned.ports))
        else:
            outcome = cloud.delete(planned.server)
        outcomes[index] = outcome
    finally:
        cloud.close()


def answered_promises(world, planned, outcomes):
    """What an answer before the kill promised, and whether it held."""
    problems = []
    # A delete in the same burst may take the server, answered or not (the restart
    # finishes a delete it finds journaled).
    deleted = {plan.server for plan in planned if plan.operation == "delete"}
    for plan, outcome in zip(planned, outcomes):
        if outcome is None or not outcome.answered:
            continue
        if outcome.status >= 500:
            problems.append(f"{plan.operation} {plan.server} {plan.ports} answered {outcome.status} before the kill")
        elif plan.operation == "attach" and outcome.status == 200 and plan.server not in deleted:
            state, detail = port_state(world, plan.server, plan.ports[0])
            if state != "attached":
                problems.append(f"attach of {plan.ports[0]} to {plan.server} answered 200, now {state} {detail}")
        elif plan.operation == "delete" and outcome.status == 204 and plan.server in world.servers:
            problems.append(f"delete of {plan.server} answered 204, the server is still there")
        elif plan.operation == "boot" and outcome.status == 202:
            status = server_status(world, outcome.server)
            if status not in ("ACTIVE", "ERROR"):
                problems.append(f"boot of {outcome.server} answered 202, the server is now {status}")
            elif status == "ACTIVE":
                for port in plan.ports:
                    state, detail = port_state(world, outcome.server, port)
                    if state != "attached":
                        problems.append(f"boot of {outcome.server} answered 202 ACTIVE, port {port} {state} {detail}")
    return problems


class RandomRun:
    def __init__(self, binary, directory, port, seed, rounds, tally):
        self.subject = ServiceUnderTest(binary, directory, port)
        self.rng = random.Random(seed)
        self.rounds = rounds
        self.tally = tally

    def run(self):
        try:
            self.subject.start()
            world = self._set_up()
            for index in range(self.rounds):
                world = self._round(index, world)
            self.tally.record("random: delete every server", "after the last round", self.subject.release_all(), [],
                              self.subject.log_tail(6000))
        except Exception as error:  # the harness itself failed: a failure, with the log
            self.tally.record("random run", "harness", [f"harness: {type(error).__name__}: {error}"], [],
                              self.subject.log_tail(6000))
        finally:
            self.subject.stop()

    def _set_up(self):
        network = self.subject.network.create_network()
        for index, vnic in enumerate(PORT_MIX):
            self.subject.network.create_port(network, vnic, f"random-{index}")
        cloud = self.subject.cloud()
        try:
            for index in range(FIRST_SERVERS):
                cloud.boot_active(f"first-{index}", [])
        finally:
            cloud.close()
        return self.subject.world()

    def _round(self, index, world):
        planned = plan_burst(self.rng, world, index)
        delay = self.rng.uniform(0.0, KILL_WINDOW_SECONDS)
        outcomes = [None] * len(planned)
        threads = [threading.Thread(target=_perform, args=(self.subject, plan, outcomes, i), daemon=True)
                   for i, plan in enumerate(planned)]
        for thread in threads:
            thread.start()
        # A kill at a moment drawn in advance: the wait is the experiment, not a readiness check.
        time.sleep(delay)
        status = self.subject.kill()
        for thread in threads:
            thread.join()
        problems = [] if killed_by_sigkill(status) else [f"the process ended with {describe_exit(status)} before the kill"]
        self.tally.kills["random"] += 1
        in_flight = self.tally.count_in_flight(self.subject.pending())
        cut = sum(1 for outcome in outcomes if outcome is None or not outcome.answered)
        serve = self.subject.start()
        self.tally.serve_seconds.append(serve)
        pending = self.subject.settle()
        if pending:
            problems.append("journal rows still pending after the restart: "
                            + "; ".join(f"{row.kind} {row.state} at {row.step}" for row in pending))
        world = self.subject.world()
        found = check_world(world)
        problems += answered_promises(world, planned, outcomes)
        operations = ", ".join(f"{p.operation}" for p in planned)
        summary = (f"{len(planned)} operations ({operations}), kill at {delay * 1000:.0f} ms cut {cut} "
                   f"with {in_flight} in the journal; "
                   f"served again in {serve:.2f} s; {len(world.servers)} servers, {len(world.interfaces)} interfaces")
        self.tally.record(f"round {index}", summary, problems, found, self.subject.log_tail(6000))
        return world
