"""The checks every answer goes through, and their tally: each check passes or fails once
per request; failures are grouped by what they have in common, the first few of each group
printed in full (seed, request, answer)."""
import json
import re
import urllib.parse
from collections import Counter, defaultdict

from .routes import api_of_path

STALL_SECONDS = 5.0
EXAMPLES_PRINTED = 3

# Internal detail no answer may show: storage, framework and runtime names, source files,
# the machine's paths, crash text.
LEAK_PATTERNS = [re.compile(pattern) for pattern in (
    r"SQLite", r"\bGRDB\b", r"\bSwift\.", r"\bNIO(?:[A-Z]\w*|\.\w+)?\b", r"HTTPParserError", r"\w\.swift\b",
    r"/work/", r"/tmp/", r"/dev/shm", r"Fatal error")]

# Methods NIO's HTTP parser knows; any other is a parse error for it, refused like broken framing.
PARSER_METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "CONNECT"}


def _refused_at_http_layer(reply):
    """A bare 400 that closes the connection: what the HTTP layer answers to bytes it
    cannot parse as a request, before any route (and any API's error shape) is involved."""
    return (reply.status == 400 and not reply.body
            and (reply.header("Connection") or "").lower() == "close")


# The only answers excused from the API's error shape, each with why. Nothing else is.
SHAPE_EXEMPTIONS = (
    ("malformed framing refused by the HTTP layer",
     lambda case, reply: case.malformed_framing and _refused_at_http_layer(reply)),
    ("unknown method refused by the HTTP parser",
     lambda case, reply: case.method not in PARSER_METHODS and _refused_at_http_layer(reply)),
    ("405 from the router, with an empty body",
     lambda case, reply: reply.status == 405 and not reply.body),
    ("answer to HEAD, which has no body by definition",
     lambda case, reply: case.method == "HEAD"),
)


def nova_fault_problem(status, document):
    """Why a body is not Nova's fault `{"<name>": {"code": status, "message": "…"}}` (None if it is)."""
    if not isinstance(document, dict) or len(document) != 1:
        return "not a JSON object with exactly one key"
    fault = next(iter(document.values()))
    if not isinstance(fault, dict):
        return "the fault is not an object"
    if type(fault.get("code")) is not int or fault["code"] != status:
        return f"code {fault.get('code')!r} is not the status {status}"
    if not isinstance(fault.get("message"), str):
        return "no string message"
    return None


def neutron_error_problem(status, document):
    """Why a body is not `{"NeutronError": {"type", "message", "detail"}}` (None if it is)."""
    if not isinstance(document, dict) or list(document) != ["NeutronError"]:
        return "not {\"NeutronError\": …}"
    error = document["NeutronError"]
    if not isinstance(error, dict) or not {"type", "message", "detail"} <= set(error):
        return "NeutronError lacks type, message or detail"
    if not isinstance(error["type"], str) or not isinstance(error["message"], str):
        return "type or message is not a string"
    return None


SHAPE_RULES = {"compute": nova_fault_problem, "network": neutron_error_problem}


class Checker:
    def __init__(self, seed):
        self.seed = seed
        self.passed = 0
        self.failed = 0
        self.groups = {}  # signature -> {"count", "first"}
        self.latencies = defaultdict(list)  # status (or error) -> [seconds]

    # --- the tally ---

    def record(self, check, ok, case=None, reply=None, detail=""):
        if ok:
            self.passed += 1
            return
        self.failed += 1
        signature = (check, _outcome(reply), _deciding_mutation(case))
        group = self.groups.setdefault(signature, {"count": 0, "first": case.index if case else None,
                                                   "detail": detail, "routes": Counter()})
        group["count"] += 1
        group["routes"][str(case.route) if case else "-"] += 1
        if group["count"] > EXAMPLES_PRINTED:
            return
        if case is None:
            print(f"FAIL [{check}] seed={self.seed}: {detail}", flush=True)
        else:
            print(f"FAIL [{check}] seed={self.seed} {case.summary()}\n"
                  f"     -> {_reply_summary(reply)}{' — ' + detail if detail else ''}", flush=True)

    def report_groups(self):
        """One line per group of failures (same check, outcome and deciding mutation),
        largest first, with the routes it happened on."""
        for (check, outcome, mutation), group in sorted(self.groups.items(), key=lambda item: -item[1]["count"]):
            routes = ", ".join(f"{route} ×{n}" for route, n in group["routes"].most_common(3))
            more = len(group["routes"]) - 3
            print(f"  {group['count']:6d} × [{check}] -> {outcome}, first mutation {mutation}, on {routes}"
                  f"{f' and {more} more routes' if more > 0 else ''} (first #{group['first']}: {group['detail'][:160]})")

    # --- per request ---

    def check_reply(self, case, reply, owner_ids):
        key = str(reply.status) if reply.status is not None else ("timeout" if reply.error == "timeout" else "error")
        self.latencies[key].append(reply.seconds)
        if reply.status is None:
            # A well-formed request must be answered; a malformed one may just be dropped.
            if not case.malformed_framing:
                check = "stall" if reply.error == "timeout" else "no-answer"
                self.record(check, False, case, reply, reply.error)
            return
        self.record("answered", True)
        self.record("no-5xx", reply.status < 500 or reply.status == 501, case, reply)
        self.record("stall", reply.seconds <= STALL_SECONDS, case, reply, f"took {reply.seconds:.2f} s")
        self.check_shape(case, reply)
        self.check_leak(case, reply)
        if case.identity.foreign:
            self.check_isolation(case, reply, owner_ids)
        if case.raw is not None and "raw:pipelined" in case.labels:
            self.record("pipelining", reply.responses == 2, case, reply, f"{reply.responses} answers to 2 requests")

    def check_shape(self, case, reply):
        if not 400 <= reply.status < 500:
            return
        rule = SHAPE_RULES.get(api_of_path(case.path))
        if rule is None or any(exempt(case, reply) for _, exempt in SHAPE_EXEMPTIONS):
            return
        try:
            document = json.loads(reply.body)
        except ValueError:
            document = None
        problem = rule(reply.status, document)
        self.record("error-shape", problem is None, case, reply, problem or "")

    def check_leak(self, case, reply):
        text = reply.body.decode("utf-8", "replace")
        sent = _request_text(case)
        leaked = [m.group(0) for pattern in LEAK_PATTERNS for m in [pattern.search(text)]
                  if m and m.group(0) not in sent]
        self.record("no-internal-detail", not leaked, case, reply, f"shows {leaked}")

    def check_isolation(self, case, reply, owner_ids):
        """Another project: no 2xx on the owner's resources, and never their ids in an answer."""
        # Ids are UUIDs: the service may echo one in another case than it was sent in.
        sent = _request_text(case).lower()
        answer = reply.body.decode("utf-8", "replace").lower()
        named = {id for id in owner_ids if id.lower() in sent}
        shown = {id for id in owner_ids if id.lower() in answer} - named
        problems = []
        if 200 <= reply.status < 300:
            if any(id.lower() in urllib.parse.unquote(case.path).lower() for id in named):
                problems.append(f"{reply.status} on the owner's {sorted(named)}")
            elif case.route.references and named:
                problems.append(f"{reply.status} using the owner's {sorted(named)} in the body")
        if shown:
            problems.append(f"shows the owner's {sorted(shown)}")
        self.record("isolation", not problems, case, reply, "; ".join(problems))

    def latency_summary(self):
        return {status: _percentiles(seconds) for status, seconds in sorted(self.latencies.items())}


def _percentiles(seconds):
    ordered = sorted(seconds)
    pick = lambda fraction: ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
    return {"n": len(ordered), "p50": round(pick(0.5), 4), "p99": round(pick(0.99), 4), "max": round(ordered[-1], 4)}


def _request_text(case):
    """Everything the request carried, decoded, for telling echoes from leaks."""
    parts = [case.target, urllib.parse.unquote(case.target)]
    parts += [f"{name}: {value.decode('utf-8', 'replace') if isinstance(value, bytes) else value}"
              for name, value in case.headers]
    for data in (case.body, case.raw):
        if data:
            parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def _outcome(reply):
    if reply is None:
        return "-"
    return str(reply.status) if reply.status is not None else (reply.error or "error").split(":")[0]


# The parts of a request in the order they decide an answer: a failure is grouped under the
# first of them its request mutated (a wrong method decides more than a mangled body).
DECIDING_ORDER = ("raw", "method", "path", "header:microversion", "header:legacy_microversion", "query", "body",
                  "header", "token")


def _deciding_mutation(case):
    """The label kind (`method:PATCH`, `path:dot_dot`, `body:edge_number`…) of the mutation
    most likely to have decided the answer; "none" for an unmutated request."""
    if case is None or not case.labels:
        return "none"
    kinds = [re.split(r"[(@]", label)[0] for label in case.labels]
    rank = lambda kind: next(i for i, prefix in enumerate(DECIDING_ORDER + ("",)) if kind.startswith(prefix))
    return min(kinds, key=rank)


def _reply_summary(reply):
    if reply is None:
        return "-"
    if reply.status is None:
        return f"no answer ({reply.error}) after {reply.seconds:.2f} s"
    body = reply.body[:400]
    return f"{reply.status} {body!r}{'…' if len(reply.body) > 400 else ''} ({reply.seconds:.3f} s)"
