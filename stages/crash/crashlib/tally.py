"""The stage's results: each failpoint and each random round passes or fails once; the
figures (leaked, double-owned, quarantined, time to serve again) add up over all of them."""
import statistics
from collections import Counter

from . import findings as checks

# Lines of the service's log printed with a failure.
LOG_LINES = 25


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []  # (label, [problem lines])
        self.leaked = 0
        self.double_owned = 0
        self.disagreements = 0
        self.quarantined = Counter()  # reason -> devices
        self.serve_seconds = []
        self.kills = Counter()  # "failpoint" / "random" -> processes killed
        # Journal rows open or waiting for a retry when the process died, by kind: what
        # the restarts had to finish or undo.
        self.in_flight = Counter()

    def count_in_flight(self, rows):
        """Counts the rows a dead process left pending; returns how many."""
        for row in rows:
            self.in_flight[f"{row.kind} {row.state}"] += 1
        return len(rows)

    def record(self, label, summary, problems, found, log_tail=""):
        """One point or round: `problems` (strings) and the sources' `found` findings; it
        passes when there is no problem and no failing finding. A failure prints the end of
        the service's log (`log_tail`) too: the stage's folder is gone after the run."""
        failing = checks.failing(found)
        self.leaked += checks.count(found, "leaked")
        self.double_owned += checks.count(found, "double-owned")
        self.disagreements += checks.count(found, "disagree")
        for finding in found:
            if finding.kind == "quarantined":
                self.quarantined[finding.detail.split(": ", 1)[-1]] += 1
        lines = list(problems) + [str(finding) for finding in failing]
        quarantined = [str(finding) for finding in found if finding.kind == "quarantined"]
        if lines:
            self.failed += 1
            self.failures.append((label, lines))
            print(f"crash: FAIL {label}: {summary}", flush=True)
            for line in lines + quarantined:
                print(f"       {line}", flush=True)
            for line in log_tail.splitlines()[-LOG_LINES:]:
                print(f"       | {line}", flush=True)
        else:
            self.passed += 1
            print(f"crash: ok   {label}: {summary}", flush=True)
            for line in quarantined:
                print(f"       {line}", flush=True)

    def figures(self, points, rounds, seed):
        serve = sorted(self.serve_seconds)
        return {
            "seed": seed, "points": points, "rounds": rounds,
            "kills": dict(self.kills), "in_flight_at_kill": dict(self.in_flight), "leaked": self.leaked, "double_owned": self.double_owned,
            "disagreements": self.disagreements, "quarantined": sum(self.quarantined.values()),
            "quarantine_reasons": dict(self.quarantined),
            "serve_again_s": {"n": len(serve), "p50": round(statistics.median(serve), 3) if serve else None,
                              "max": round(serve[-1], 3) if serve else None},
        }
