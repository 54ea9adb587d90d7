#!/usr/bin/env python3
"""The crash stage of sriov-compute (run through stages/crash/run.sh): the real binary killed
by SIGKILL at each of its failpoints and at random moments of a burst of operations,
restarted on the same database and state, and checked: the ledger, the port bindings, the
hypervisor's domains and sysfs agree; nothing leaked, nothing double-owned.
Standard library only. The last line is `crash: N passed, M failed`."""
import json
import os
import sys
import time

from crashlib.points import POINTS, run_points
from crashlib.rounds import RandomRun
from crashlib.tally import Tally
from harness.config import free_port, stage_arguments


def arguments():
    parser = stage_arguments(__doc__.splitlines()[0], "a folder for the services' state, one per point and one for the rounds")
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--points", default="all",
                        help="comma-separated kill point names (each with every way to it), 'all' or 'none'")
    return parser.parse_args()


def chosen_points(spec):
    if spec == "all":
        return list(POINTS)
    if spec == "none":
        return []
    names = {name.strip() for name in spec.split(",") if name.strip()}
    unknown = names - {point.name for point in POINTS}
    if unknown:
        raise SystemExit(f"crash: unknown failpoint(s) {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted({point.name for point in POINTS}))}")
    return [point for point in POINTS if point.name in names]


def main():
    options = arguments()
    points = chosen_points(options.points)
    print(f"crash: seed {options.seed} (CRASH_SEED={options.seed} replays the random draws), "
          f"{len(points)} failpoints, {options.rounds} random rounds", flush=True)
    tally = Tally()
    port = free_port()
    started = time.monotonic()
    points_seconds = run_points(points, options.binary, options.workdir, port, tally)
    rounds_started = time.monotonic()
    if options.rounds:
        RandomRun(options.binary, os.path.join(options.workdir, "random"), port, options.seed, options.rounds, tally).run()
    figures = tally.figures(len(points), options.rounds, options.seed)
    figures["seconds"] = {"points": round(points_seconds, 1), "rounds": round(time.monotonic() - rounds_started, 1),
                          "total": round(time.monotonic() - started, 1)}
    if tally.failures:
        print("crash: failures:")
        for label, lines in tally.failures:
            print(f"  {label}")
            for line in lines[:12]:
                print(f"     {line}")
    serve = figures["serve_again_s"]
    print(f"crash: {len(points)} points × 1 kill + {options.rounds} random rounds "
          f"({sum(tally.in_flight.values())} operations in the journal at the kills); leaked {figures['leaked']}, double-owned {figures['double_owned']}, "
          f"disagreements {figures['disagreements']}, quarantined {figures['quarantined']}; "
          f"served again p50 {serve['p50']} s, max {serve['max']} s over {serve['n']} restarts", flush=True)
    print("crash-summary: " + json.dumps(figures, sort_keys=True), flush=True)
    print(f"crash: {tally.passed} passed, {tally.failed} failed", flush=True)
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
