#!/usr/bin/env python3
"""Structured HTTP fuzzing of sriov-compute over loopback (run through stages/fuzz/run.sh).

Starts the service from run.sh's configuration, makes the fixtures, snapshots the state,
sends seeded, mutated requests to every route as the admin, the fixtures' owner and another
project, checks every answer, restarts the service whenever it dies or wedges (so one run
reports every finding), removes what the fuzz requests created, and compares the snapshot.
Standard library only. The last line is `fuzz: N passed, M failed`."""
import json
import random
import sys
import time

from fuzzlib import state
from fuzzlib.checks import STALL_SECONDS, Checker
from fuzzlib.mutators import build_case
from fuzzlib.raw_http import build_raw_case
from fuzzlib.routes import ROUTE_WEIGHTS, ROUTES
from fuzzlib.values import ALLOWANCES, Budget
from harness.api import APIClient, APIError
from harness.config import HOST, ServiceLayout, free_port, stage_arguments
from harness.service import ServiceProcess
from harness.transport import HTTPTransport, send_raw

RAW_SHARE = 0.05
# Requests between two liveness checks (the process runs, `GET /` answers).
BATCH = 25
# How long a process that dropped a connection gets to finish dying before it counts as alive.
DEATH_GRACE_SECONDS = 1.0


def arguments():
    parser = stage_arguments(__doc__.splitlines()[0], "the service's folder (configuration, database, hypervisor state)")
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--mode", choices=sorted(ALLOWANCES), default="quick")
    return parser.parse_args()


class Fuzzer:
    HOST = HOST

    def __init__(self, options):
        self.options = options
        self.layout = ServiceLayout(options.workdir, free_port(), "fuzzhost")
        self.layout.write(fake_host="2x2x4")
        self.port = self.layout.port
        self.service = ServiceProcess(options.binary, self.layout.config_path, self.HOST, self.port, options.workdir)
        self.checker = Checker(options.seed)
        self.transport = HTTPTransport(self.HOST, self.port)
        self.api = APIClient(self.HOST, self.port)
        self.budget = Budget(ALLOWANCES[options.mode])
        self.hypervisor_dir = self.layout.hypervisor_dir
        self.crashes = []
        self.restarts = 0
        self.requests = 0
        self.fuzz_seconds = 0.0
        self.pools = None

    # --- the run ---

    def run(self):
        try:
            self.service.start()
            fixtures = state.create_fixtures(self.api)
            self.pools = state.Pools(fixtures)
            before = state.snapshot(self.api, self.hypervisor_dir)
            print(f"fuzz: fixtures ready: servers {fixtures.servers}, ports {fixtures.ports}", flush=True)
            self.fuzz()
            self.compare_after_cleanup(fixtures, before)
        except (APIError, RuntimeError) as error:
            # The harness could not set up or clean up: that is a failure, not a pass.
            self.checker.record("harness", False, detail=str(error))
            print(f"fuzz: the service's log ends with:\n{self.service.log_tail()}", flush=True)
        finally:
            self.transport.close()
            self.api.close()
            self.service.stop()

    def fuzz(self):
        started = time.monotonic()
        deadline = started + self.options.seconds
        for index in range(self.options.requests):
            if time.monotonic() >= deadline:
                break
            case, reply = self.send_one(index)
            self.requests += 1
            if reply.status is None or reply.seconds > STALL_SECONDS:
                self.recover_if_needed(case, reply)
            if index % BATCH == BATCH - 1:
                self.check_alive(case)
            if index % 1000 == 999:
                print(f"fuzz: {index + 1} requests, {time.monotonic() - started:.0f} s, "
                      f"{self.checker.failed} failed checks", flush=True)
        self.check_alive(None)
        self.fuzz_seconds = time.monotonic() - started

    def send_one(self, index):
        # Each request has its own generator, so request N is the same whatever came before.
        rng = random.Random(f"{self.options.seed}:{index}")
        if rng.random() < RAW_SHARE:
            case = build_raw_case(rng, index, self.pools, f"{self.HOST}:{self.port}")
            reply = send_raw(self.HOST, self.port, case.raw)
        else:
            route = rng.choices(ROUTES, weights=ROUTE_WEIGHTS)[0]
            case = build_case(rng, index, route, self.pools, self.budget)
            reply = self.transport.send(case.method, case.target, case.headers, case.body, case.skip_host)
        self.checker.check_reply(case, reply, self.pools.owner_ids())
        self.pools.learn(case, reply)
        return case, reply

    # --- keeping the service up ---

    def recover_if_needed(self, case, reply):
        """After a dropped connection or a stall: a dead process is a crash (recorded with
        the request that killed it) and is restarted; a stalled request may have left work
        running in the service, so the service is restarted too, to keep later latencies
        honest."""
        deadline = time.monotonic() + DEATH_GRACE_SECONDS
        while self.service.exit_code() is None and time.monotonic() < deadline and reply.error != "timeout":
            time.sleep(0.05)
        if self.service.exit_code() is not None:
            self.record_crash(case, reply)
        elif reply.error == "timeout":
            self.restart()

    def check_alive(self, case):
        exit_code = self.service.exit_code()
        if exit_code is not None:
            self.record_crash(case, None)
            return
        answers = self.service.answers_root()
        self.checker.record("alive", answers, case, None, "GET / did not answer within 5 s")
        if not answers:
            self.restart()

    def record_crash(self, case, reply):
        exit_code = self.service.exit_code()
        fatal = [line for line in self.service.log_tail(6000).splitlines() if "Fatal error" in line]
        detail = f"process exited with {exit_code}; {fatal[-1][:300] if fatal else 'no fatal line in the log'}"
        self.crashes.append({"request": case.summary(200) if case else "(between requests)", "exit": exit_code,
                             "log": fatal[-1][:300] if fatal else ""})
        self.checker.record("crash", False, case, reply, detail)
        self.restart()

    def restart(self):
        self.restarts += 1
        self.transport.close()
        self.api.close()
        self.service.restart()

    # --- after ---

    def compare_after_cleanup(self, fixtures, before):
        problems = state.remove_fuzz_resources(self.api, fixtures)
        for problem in problems:
            self.checker.record("cleanup", False, detail=problem)
        after = state.wait_for_snapshot(self.api, self.hypervisor_dir, before)
        differences = state.snapshot_differences(before, after)
        self.checker.record("snapshot", not differences, detail="\n     ".join(differences))

    def summary(self):
        latency = self.checker.latency_summary()
        statuses = {status: entry["n"] for status, entry in latency.items()}
        return {
            "seed": self.options.seed, "mode": self.options.mode, "requests": self.requests,
            "seconds": round(self.fuzz_seconds, 1), "statuses": statuses,
            "5xx": sum(n for status, n in statuses.items() if status.isdigit() and int(status) >= 500 and status != "501"),
            "crashes": len(self.crashes),
            "stalls": sum(group["count"] for (check, *_), group in self.checker.groups.items() if check == "stall"),
            "restarts": self.restarts,
            "max_latency": max((entry["max"] for entry in latency.values()), default=0),
            "failures": self.checker.failed, "failure_groups": len(self.checker.groups), "latency": latency,
            "crash_requests": self.crashes,
        }


def main():
    options = arguments()
    print(f"fuzz: seed {options.seed} (FUZZ_SEED={options.seed} reproduces), mode {options.mode}, "
          f"up to {options.requests} requests or {options.seconds:.0f} s", flush=True)
    fuzzer = Fuzzer(options)
    fuzzer.run()
    if fuzzer.checker.groups:
        print("fuzz: failures, grouped:")
        fuzzer.checker.report_groups()
    print("fuzz-summary: " + json.dumps(fuzzer.summary(), sort_keys=True), flush=True)
    print(f"fuzz: {fuzzer.checker.passed} passed, {fuzzer.checker.failed} failed", flush=True)
    return 0 if fuzzer.checker.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
