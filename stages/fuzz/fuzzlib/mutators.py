"""One fuzz request built from a route: who sends it, with which method, the path with its
ids chosen (and maybe mangled), the query, the headers and the body, each mutated with some
probability. Every mutation leaves a label, so a failure says what was sent."""
import copy
import urllib.parse
from dataclasses import dataclass, field

from . import values
from harness.api import ADMIN_TOKEN, EVE_TOKEN, OWNER_TOKEN, identity_for_token
from .jsonwire import Pairs, encode
from .routes import NETWORK_PREFIXES

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
OTHER_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FUZZ", "get"]
BODY_METHODS = {"POST", "PUT", "PATCH"}


@dataclass
class FuzzCase:
    index: int
    route: object
    method: str
    target: str  # path and query, as sent
    identity: object
    headers: list = field(default_factory=list)
    body: bytes | None = None
    params: dict = field(default_factory=dict)  # path parameter -> id chosen (before mangling)
    labels: list = field(default_factory=list)
    raw: bytes | None = None  # the whole request, for the raw-socket cases
    malformed_framing: bool = False  # raw cases that break HTTP's own syntax
    skip_host: bool = False

    @property
    def path(self):
        return self.target.split("?", 1)[0]

    def summary(self, limit=300):
        body = "" if self.body is None else f" body[{len(self.body)}B]={_shown(self.body, limit)}"
        raw = "" if self.raw is None else f" raw[{len(self.raw)}B]={_shown(self.raw, limit)}"
        return (f"#{self.index} {self.method} {_shown(self.target.encode('latin-1', 'replace'), limit)} "
                f"as {self.identity} (route {self.route}) mutations={self.labels}{body}{raw}")


def _shown(data, limit):
    text = repr(data[:limit])[2:-1]
    return text + (f"…(+{len(data) - limit}B)" if len(data) > limit else "")


# --- the whole request ------------------------------------------------------------------

# The share of requests sent exactly as the route's example: they create the scratch
# servers, ports and flavors the mutated requests then act on.
PRISTINE_SHARE = 0.15


def build_case(rng, index, route, pools, budget):
    pristine = rng.random() < PRISTINE_SHARE
    mutating = (lambda chance: False) if pristine else (lambda chance: rng.random() < chance)
    token, token_label = choose_token(rng, mutating)
    identity = identity_for_token(token)
    case = FuzzCase(index, route, route.method, "", identity)
    if token_label:
        case.labels.append(token_label)
    if mutating(0.12):
        case.method = rng.choice([m for m in OTHER_METHODS if m != route.method])
        case.labels.append(f"method:{case.method}")
    purpose = "read" if case.method in READ_METHODS else "write"
    case.target = build_path(rng, case, pools, purpose, mutating) + build_query(rng, case, pools, mutating)
    if purpose == "write" and not identity.foreign and pools.names_fixture(case.path):
        raise AssertionError(f"harness bug: a write by {identity} names a fixture: {case.summary()}")
    case.body = build_body(rng, case, pools, budget, mutating)
    case.headers = build_headers(rng, case, token, mutating)
    return case


def choose_token(rng, mutating):
    """(X-Auth-Token value or None for no header, label or None)."""
    if not mutating(0.1):
        return rng.choice([ADMIN_TOKEN, ADMIN_TOKEN, OWNER_TOKEN, OWNER_TOKEN, OWNER_TOKEN, EVE_TOKEN, EVE_TOKEN]), None
    # "admin:otherproj": the user admin is an admin in any project. (Not eve's project: an
    # admin may rightly put eve's port on the owner's network, and eve then sees its id.)
    token = rng.choice([None, "", "notused", ":", "owner:", ":ownerproj", "mallory:malproj", "admin:otherproj",
                        "x:ownerproj", "eve:eveproj:extra", " owner:ownerproj ", "a" * 8192, "a:" + "b" * 8192,
                        "ünï:cödé".encode(), b"\xff:\xfe"])
    return token, f"token:{_shown(token.encode() if isinstance(token, str) else token or b'<none>', 24)}"


# --- path -------------------------------------------------------------------------------

def build_path(rng, case, pools, purpose, mutating):
    """The route's template with ids chosen for the caller and purpose, then maybe one
    segment mangled."""
    template = case.route.template
    if "{net}" in template:
        template = template.replace("{net}", rng.choice(NETWORK_PREFIXES))
    for name in case.route.parameters:
        case.params[name] = pools.pick(name, rng, case.identity, purpose)
    segments = [_fill(segment, case.params) for segment in template.split("/")]
    if mutating(0.2):
        segments = mangle_path(rng, segments, case)
    return "/".join(segments) or "/"


def _fill(segment, params):
    if segment.startswith("{") and segment.endswith("}"):
        return urllib.parse.quote(params[segment[1:-1]], safe=":")
    return segment


def percent_encode_all(text):
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8"))


PATH_VALUES = {
    # Never a real id: the seeded flavors are called "1", "2", "3".
    "non_uuid": lambda rng, old: rng.choice(["abc", "-1", "0", "99999", "null", "true", "%20", "+", "~", "_"]),
    "dot_dot": lambda rng, old: rng.choice(["..", ".", "%2e%2e", "%2E", "..%2f..", "..;"]),
    "percent_valid": lambda rng, old: percent_encode_all(old),
    "percent_broken": lambda rng, old: rng.choice(["%zz", "%", "%e", old + "%", "%G0", "%%"]),
    # The service refuses URLs over 8 KiB (414); most of these stay under to reach a handler.
    "long_segment": lambda rng, old: "a" * rng.choice([4000, 7900, 7900, 8193, 16384]),
    "nul": lambda rng, old: rng.choice(["%00", old + "%00", "a%00b"]),
    "unicode": lambda rng, old: percent_encode_all(rng.choice(["\u202eevil", "😀", "e\u0301", "İ", "\ufeff", "ß"])),
    "invalid_utf8": lambda rng, old: rng.choice(["%ff%fe", "%c3%28", "%ed%a0%80", "%c0%af"]),
    "uppercase": lambda rng, old: old.upper(),
    "empty": lambda rng, old: "",
    "unknown_uuid": lambda rng, old: values.random_uuid(rng),
}


def mangle_path(rng, segments, case):
    """Replaces one segment (an id when there is one), or adds or doubles slashes."""
    ids = [i for i, segment in enumerate(segments) if segment and segment in
           {urllib.parse.quote(v, safe=":") for v in case.params.values()}]
    structural = rng.random() < 0.2 or not ids
    if structural:
        kind = rng.choice(["trailing_slash", "double_slash", "extra_segment", "uppercase_prefix"])
        if kind == "trailing_slash":
            segments = segments + [""]
        elif kind == "double_slash":
            at = rng.randrange(1, len(segments) + 1)
            segments = segments[:at] + [""] + segments[at:]
        elif kind == "extra_segment":
            segments = segments + [rng.choice(["extra", "..", "%2e%2e", "a" * 300, "action", "detail"])]
        else:
            segments = [s.upper() if s.startswith("v2") else s for s in segments]
        case.labels.append(f"path:{kind}")
        return segments
    at = rng.choice(ids)
    kind = rng.choice(list(PATH_VALUES))
    segments = list(segments)
    # What a value leaves unencoded (an upper-cased id that a mutated create made of
    # non-ASCII text) is encoded here: a request line is ASCII. '%' stays, so the
    # deliberately broken escapes stay broken.
    segments[at] = urllib.parse.quote(PATH_VALUES[kind](rng, urllib.parse.unquote(segments[at])), safe="%:~+;.!*'()@&=$,")
    case.labels.append(f"path:{kind}")
    return segments


# --- query ------------------------------------------------------------------------------

# Nova matches `name` as a regular expression: patterns that backtrack exponentially on a
# name like "aaaa…!" (CPU amplification), and patterns that do not compile.
BACKTRACKING_REGEXES = ["(a+)+$", "(a|a)*$", "(a|aa)+$", "(.*a){20}", "(a*)*b", "^(a+)+$"]
BROKEN_REGEXES = ["(", "[", "\\", "*", "+", "?", ".*", "a{99999999}", "(?<n>", "[z-a]", "\\p{Nope}", "(?i)FUZZ",
                  "^$", "|", "((((((((((a))))))))))", "x{2,1}", "\\1", "[[:alpha:]]", "(?=a)", "a**"]


def build_query(rng, case, pools, mutating):
    filters = case.route.filters
    if not mutating(0.35 if filters else 0.05):
        return ""
    names = list(filters) or ["name", "limit"]
    kinds = ["limit", "marker", "repeated", "huge_value", "many_params", "unicode", "odd_syntax", "filter_value"]
    if "name" in names:
        kinds += ["regex_name"] * 3
    kind = rng.choice(kinds)
    if kind == "regex_name":
        pairs = [("name", rng.choice(rng.choice([BACKTRACKING_REGEXES, BROKEN_REGEXES])))]
        if rng.random() < 0.5:
            pairs.append(("all_tenants", "1"))
    elif kind == "limit":
        pairs = [("limit", rng.choice(["-1", "1e30", "0", "1", "99999999999999999999", "abc", "", "1.5", "0x10",
                                      str(2 ** 63)]))]
    elif kind == "marker":
        pairs = [("marker", rng.choice(["garbage", "", values.random_uuid(rng), "%", "a" * 1000,
                                        pools.pick("server", rng, case.identity, "read")])),
                 ("limit", "1")]
    elif kind == "repeated":
        name = rng.choice(names)
        pairs = [(name, rng.choice(["a", "", "1", "true"])) for _ in range(rng.choice([2, 10, 100]))]
    elif kind == "huge_value":
        # Over 8 KiB is the service's 414; a well-formed request's head stays under NIO's ~80 KiB
        # parser limit even with the longest header and path (raw_http.py tests beyond it).
        pairs = [(rng.choice(names), "a" * rng.choice([4096, 7900, 7900, 20000]))]
    elif kind == "many_params":
        # 1,000 fit under the 8 KiB URL limit written this short; 2,000 do not.
        pairs = [(f"p{index}", "") for index in range(rng.choice([1000, 1000, 1100, 2000]))]
    elif kind == "unicode":
        pairs = [(rng.choice(names), rng.choice(["\u202eevil", "😀", "e\u0301", "\u0000", "ß", "\ufeff"]))]
    elif kind == "filter_value":
        pairs = [(rng.choice(names), rng.choice(values.EDGE_STRINGS))]
    else:
        # Written as is, not encoded: the query's own syntax broken.
        text = rng.choice(["name=%zz", "%zz=1", "=x", "&&&", "name", "name==", "a=1&&b", "limit=%", "?",
                           "name=%00", "all_tenants&all_tenants=0", "fields", "%ff%fe=%c3%28"])
        case.labels.append(f"query:{kind}({_shown(text.encode(), 24)})")
        return "?" + text
    case.labels.append(f"query:{kind}({_shown(urllib.parse.urlencode(pairs[:2]).encode(), 40)})")
    return "?" + urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


# --- body -------------------------------------------------------------------------------

def build_body(rng, case, pools, budget, mutating):
    """The bytes of the body, or None for no body: the route's example for its own method,
    mutated most of the time; now and then a junk body where none belongs."""
    if case.route.body is not None and case.method == case.route.method:
        example = case.route.body(rng, pools, case.identity, case.params)
        return mutate_body(rng, example, case, budget) if mutating(0.75) else encode(example)
    if case.method in BODY_METHODS or mutating(0.03):
        return mutate_body(rng, {"fuzz": True}, case, budget)
    return None


def mutate_body(rng, example, case, budget):
    choice = rng.random()
    if choice < 0.6:
        document = example
        for _ in range(rng.choice([1, 1, 2, 3])):
            document = mutate_tree(rng, document, case, budget)
        return encode(document)
    if choice < 0.78:
        body = rng.choice([b"", b"null", b"[]", b"{}", b"1", b'"x"', b"true", b"<server/>", b"a=1&b=2", b"{",
                           b"}", b"\x00" * 8, b"NaN", b"\xef\xbb\xbf{}", b" ", b"[1,]", b"{'a': 1}", b"{\"a\" 1}"])
        case.labels.append(f"body:replaced({_shown(body, 16)})")
        return body
    if choice < 0.99 or not budget.take("over_limit"):
        return mutate_bytes(rng, encode(example), case)
    return over_limit_body(rng, case)


def over_limit_body(rng, case):
    """A JSON body of just over (or exactly) the 1 MiB limit."""
    size = rng.choice([values.ONE_MIB + 1, values.ONE_MIB + 1, values.ONE_MIB])
    prefix, suffix = b'{"server": {"name": "', b'"}}'
    case.labels.append(f"body:size({size})")
    return prefix + b"a" * (size - len(prefix) - len(suffix)) + suffix


def mutate_bytes(rng, data, case):
    kind = rng.choice(["truncate", "trailing", "invalid_utf8", "bom", "utf16", "nul_prefix"])
    if kind == "truncate":
        data = data[:rng.randrange(max(1, len(data)))]
    elif kind == "trailing":
        data = data + rng.choice([b" garbage", b"}", b"\x00", b"{}", b"\n\n[", b",", b"]]]", b"\xff"])
    elif kind == "invalid_utf8":
        quote = data.find(b'"', 1)
        at = quote + 1 if quote > 0 else len(data) // 2
        data = data[:at] + rng.choice([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]) + data[at:]
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "utf16":
        data = data.decode("utf-8", "replace").encode("utf-16")
    else:
        data = b"\x00" + data
    case.labels.append(f"body:{kind}")
    return data


def mutate_tree(rng, document, case, budget):
    """One edit at a random place of the JSON value: a type swap, an edge number or string,
    a dropped, added or duplicated key, or a deep / wide / long value."""
    paths = list(_paths(document))
    path = rng.choice(paths)
    current = _get(document, path)
    where = "/".join(str(step) for step in path) or "<root>"
    objects = [p for p in paths if isinstance(_get(document, p), dict)]
    edits = ["swap_type", "edge_number", "edge_string", "nest", "many_keys", "long_array", "drop_key"]
    if objects:
        edits += ["add_key", "duplicate_key"]
    edit = rng.choice(edits)
    if edit == "drop_key" and not path:
        edit = "swap_type"  # the root has no key to drop
    document = copy.deepcopy(document)
    if edit == "drop_key":
        parent = _get(document, path[:-1])
        del parent[path[-1]]
        case.labels.append(f"body:drop_key@{where}")
        return document
    if edit in ("add_key", "duplicate_key"):
        path = rng.choice(objects)
        where = "/".join(str(step) for step in path) or "<root>"
        target = _get(document, path)
        value = values.any_value(rng, budget)
        if edit == "add_key" or not target:
            key = rng.choice(values.INTERESTING_KEYS)
            target[key] = value
            case.labels.append(f"body:add_key({_shown(key.encode(), 24)}={value!r:.40})@{where}")
            return document
        key = rng.choice(list(target))
        replaced = Pairs(list(target.items()) + [(key, value)])
        case.labels.append(f"body:duplicate_key({key}={value!r:.40})@{where}")
        return _set(document, path, replaced)
    makers = {
        "swap_type": lambda: values.other_type(rng, current),
        "edge_number": lambda: values.edge_number(rng),
        "edge_string": lambda: values.edge_string(rng, budget),
        "nest": lambda: values.deep_nesting(rng),
        "many_keys": lambda: values.many_keys(rng, budget),
        "long_array": lambda: values.long_array(rng, budget),
    }
    value = makers[edit]()
    case.labels.append(f"body:{edit}({value!r:.40})@{where}")
    return _set(document, path, value)


def _paths(document, prefix=()):
    """Every place in a document (the root included), as tuples of keys and indices."""
    yield prefix
    if isinstance(document, dict):
        for key, item in document.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(document, list):
        for index, item in enumerate(document):
            yield from _paths(item, prefix + (index,))


def _get(document, path):
    for step in path:
        document = document[step]
    return document


def _set(document, path, value):
    """`document` with the value at `path` replaced (the new root when `path` is empty)."""
    if not path:
        return value
    _get(document, path[:-1])[path[-1]] = value
    return document


# --- headers ----------------------------------------------------------------------------

MICROVERSION_VALUES = ["compute 2.999", "compute latest", "compute 2.", "compute", "", "compute 2.0", "compute 1.1",
                       "compute 3.0", "compute 2.96, compute 2.1", "network 2.5", "compute 2.96abc", "compute -2.1",
                       "compute 2.1.1", "compute 02.010", "compute  2.96", "COMPUTE 2.96", "compute 2.9999999999999999999",
                       "compute " + "9" * 400, "compute 2." + "1" * 8192, "compute\t2.5", "compute 2.96,", ","]
LEGACY_VALUES = ["2.999", "latest", "2.", "", "garbage", "2.96,2.1", "-1", "2." + "9" * 8192, "1.0"]


def build_headers(rng, case, token, mutating):
    headers = [("Accept", "application/json")]
    if token is not None:
        headers.append(("X-Auth-Token", token))
    headers += microversion_headers(rng, case, mutating)
    if case.body is not None:
        headers.append(("Content-Type", "application/json"))
    if mutating(0.1):
        headers = mutate_headers(rng, headers, case)
    if case.body is not None or case.method in BODY_METHODS:
        headers.append(("Content-Length", str(len(case.body or b""))))
    return headers


def microversion_headers(rng, case, mutating):
    if mutating(0.15):
        if rng.random() < 0.7:
            value = rng.choice(MICROVERSION_VALUES)
            case.labels.append(f"header:microversion({value[:24]!r})")
            return [("OpenStack-API-Version", value)]
        value = rng.choice(LEGACY_VALUES)
        case.labels.append(f"header:legacy_microversion({value[:24]!r})")
        return [("X-OpenStack-Nova-API-Version", value)]
    choice = rng.random()
    if choice < 0.6:
        return [("OpenStack-API-Version", "compute 2.96")]
    if choice < 0.8:
        return [("X-OpenStack-Nova-API-Version", "2.96")]
    if choice < 0.95:
        return [("OpenStack-API-Version", "compute 2.96"), ("X-OpenStack-Nova-API-Version", "2.96")]
    return []


def mutate_headers(rng, headers, case):
    kind = rng.choice(["many_headers", "long_value", "content_type", "request_id", "host", "unicode_value",
                       "duplicate_content_type", "accept"])
    if kind == "many_headers":
        # The service takes at most 100 header fields (431 beyond): under it, and over it.
        headers = headers + [(f"X-Fuzz-{index}", "v") for index in range(rng.choice([60, 90, 300]))]
    elif kind == "long_value":
        headers = headers + [(rng.choice(["User-Agent", "X-Fuzz", "Accept-Language"]), "a" * rng.choice([8192, 16384]))]
    elif kind == "content_type":
        value = rng.choice(["text/plain", "application/xml", "application/x-www-form-urlencoded",
                            "multipart/form-data; boundary=x", "", "application/json; charset=latin-1",
                            "application/json-patch+json", "*/*", "application/json; charset=utf-16"])
        headers = [h for h in headers if h[0] != "Content-Type"] + [("Content-Type", value)]
        kind += f"({value})"
    elif kind == "duplicate_content_type":
        headers = headers + [("Content-Type", "text/plain")]
    elif kind == "request_id":
        headers = headers + [("X-OpenStack-Request-ID", rng.choice(["req-" + "a" * 8192, "req-", "req-ü".encode(),
                                                                     "garbage", "req-../../x"]))]
    elif kind == "host":
        case.skip_host = True
        headers = headers + [("Host", rng.choice(["", "evil.example", "[::1]:99999", "a" * 4096, "h\u00e9st".encode(),
                                                  "127.0.0.1:1, 127.0.0.2"]))]
    elif kind == "unicode_value":
        headers = headers + [("X-Fuzz", "\u202eévil😀".encode())]
    else:
        headers = [h for h in headers if h[0] != "Accept"] + [("Accept", rng.choice(["application/xml", "", "*/*;q=x"]))]
    case.labels.append(f"header:{kind}")
    return headers
