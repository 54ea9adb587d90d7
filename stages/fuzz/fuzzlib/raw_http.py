"""Requests written byte by byte on a raw socket: broken chunked encoding, Content-Length
mismatches, HTTP/1.0, a missing Host, broken request lines and header lines, pipelining.

Each case says whether it is still well-formed HTTP (`valid`): a well-formed one must get a
proper answer; a malformed one may be refused at the HTTP layer (see checks.py)."""
from harness.api import ADMIN_TOKEN, OWNER_TOKEN, identity_for_token
from .jsonwire import encode
from .mutators import FuzzCase
from .routes import ROUTES

# (method, template) of the routes the raw cases talk to: cheap, and safe to create on.
# Cases that break the body's framing go to a route that reads its body, or nothing notices.
BODY_TARGETS = [("POST", "/v2.1/servers"), ("POST", "{net}/v2.0/ports"), ("POST", "/v2.1/servers/{server}/action")]
ANY_TARGETS = BODY_TARGETS + [("GET", "/v2.1/servers"), ("GET", "{net}/v2.0/ports"), ("GET", "/v2.1/flavors/detail")]

CHUNKED = (b"Transfer-Encoding", b"chunked")


def _message(method, target, headers, body=b"", version=b"HTTP/1.1"):
    lines = [method.encode() + b" " + target + b" " + version]
    lines += [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _chunked(body, size_line=None):
    """`body` as one chunk (its size written as `size_line` if given) and the last chunk."""
    size = size_line if size_line is not None else b"%x" % len(body)
    return size + b"\r\n" + body + b"\r\n0\r\n\r\n"


class _Parts:
    """What a case builds its bytes from: the request line's parts, the usual headers, the body."""

    def __init__(self, method, path, body, token, host_port):
        self.method, self.path, self.body, self.host_port = method, path, body, host_port
        self.host = (b"Host", host_port.encode())
        self.headers = [self.host, (b"X-Auth-Token", token.encode()), (b"OpenStack-API-Version", b"compute 2.96"),
                        (b"Content-Type", b"application/json"), (b"Connection", b"close")]
        self.length = (b"Content-Length", b"%d" % len(body))
        self.without_host = self.headers[1:]

    def message(self, extra=(), body=None, version=b"HTTP/1.1", headers=None, target=None):
        return _message(self.method, target or self.path, (self.headers if headers is None else headers) + list(extra),
                        self.body if body is None else body, version)


# (kind, well-formed?, frames a body?, bytes from _Parts)
CASES = [
    # Well-formed HTTP: must be answered normally.
    ("http_1_0_no_host", True, False, lambda p: p.message([p.length], headers=p.without_host, version=b"HTTP/1.0")),
    ("chunked_valid", True, True, lambda p: p.message([CHUNKED], _chunked(p.body))),
    ("pipelined", True, False, lambda p: _message("GET", b"/v2.1/flavors", [p.host]) + _message("GET", b"/v2.0/networks", p.headers)),
    ("expect_continue", True, True, lambda p: p.message([p.length, (b"Expect", b"100-continue")])),
    ("absolute_form", True, False, lambda p: p.message([p.length], target=b"http://" + p.host_port.encode() + p.path)),
    ("case_insensitive_names", True, False, lambda p: p.message([p.length], headers=[(n.upper(), v) for n, v in p.headers])),
    # Broken body framing.
    ("chunk_size_zz", False, True, lambda p: p.message([CHUNKED], _chunked(p.body, b"zz"))),
    ("chunk_size_negative", False, True, lambda p: p.message([CHUNKED], _chunked(p.body, b"-5"))),
    ("chunk_size_20_f", False, True, lambda p: p.message([CHUNKED], _chunked(p.body, b"F" * 20))),
    ("chunk_size_hex_prefix", False, True, lambda p: p.message([CHUNKED], _chunked(p.body, b"0x5"))),
    ("chunk_larger_than_data", False, True, lambda p: p.message([CHUNKED], b"ffff\r\n" + p.body + b"\r\n")),
    ("chunk_without_last", False, True, lambda p: p.message([CHUNKED], b"%x\r\n" % len(p.body) + p.body + b"\r\n")),
    ("chunk_extension_junk", False, True, lambda p: p.message([CHUNKED], _chunked(p.body, b"%x;;;=\"" % len(p.body)))),
    ("content_length_too_large", False, True, lambda p: p.message([(b"Content-Length", b"%d" % (len(p.body) + 100))])),
    ("content_length_too_small", False, True, lambda p: p.message([(b"Content-Length", b"%d" % (len(p.body) // 2))])),
    ("content_length_negative", False, True, lambda p: p.message([(b"Content-Length", b"-1")])),
    ("content_length_not_a_number", False, True, lambda p: p.message([(b"Content-Length", b"abc")])),
    ("content_length_twice", False, True, lambda p: p.message([p.length, (b"Content-Length", b"1")])),
    ("content_length_and_chunked", False, True, lambda p: p.message([p.length, CHUNKED], _chunked(p.body))),
    ("transfer_encoding_unknown", False, True, lambda p: p.message([(b"Transfer-Encoding", b"gzip")])),
    # Broken request line or header block.
    ("http_1_1_no_host", False, False, lambda p: p.message([p.length], headers=p.without_host)),
    ("http_0_9", False, False, lambda p: b"GET " + p.path + b"\r\n\r\n"),
    ("http_9_9", False, False, lambda p: p.message([p.length], version=b"HTTP/9.9")),
    ("request_line_garbage", False, False, lambda p: b"GARBAGE\r\n\r\n"),
    ("double_space", False, False, lambda p: p.method.encode() + b"  " + p.path + b"  HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("raw_invalid_utf8_target", False, False, lambda p: p.message([p.length], target=p.path + b"/\xff\xfe")),
    ("raw_unicode_target", False, False, lambda p: p.message([p.length], target=p.path + "/😀".encode())),
    ("raw_space_target", False, False, lambda p: p.message([p.length], target=p.path + b"/a b")),
    ("raw_nul_target", False, False, lambda p: p.message([p.length], target=p.path + b"\x00")),
    ("header_without_colon", False, False, lambda p: p.message([p.length, (b"NoColonHere", b"")])
     .replace(b"NoColonHere: ", b"NoColonHere")),
    ("header_nul_value", False, False, lambda p: p.message([p.length, (b"X-Fuzz", b"a\x00b")])),
    ("header_obs_fold", False, False, lambda p: p.message([p.length, (b"X-Fuzz", b"a\r\n folded")])),
    ("header_space_before_colon", False, False, lambda p: p.message([p.length, (b"X-Fuzz ", b"a")])),
    ("request_line_100k", False, False, lambda p: p.message([p.length], target=p.path + b"?" + b"a" * 100_000)),
    ("headers_100k", False, False, lambda p: p.message([p.length, (b"X-Fuzz", b"a" * 100_000)])),
    ("bare_lf", False, False, lambda p: p.message([p.length]).replace(b"\r\n", b"\n")),
]


def build_raw_case(rng, index, pools, host_port):
    kind, valid, frames_body, build = rng.choice(CASES)
    method, template = rng.choice(BODY_TARGETS if frames_body else ANY_TARGETS)
    route = next(r for r in ROUTES if r.method == method and r.template == template)
    token = rng.choice([ADMIN_TOKEN, OWNER_TOKEN])
    identity = identity_for_token(token)
    case = FuzzCase(index, route, method, "", identity)
    for name in route.parameters:
        case.params[name] = pools.pick(name, rng, identity, "read" if method == "GET" else "write")
    path = template.format(net="", **case.params).encode()
    body = encode(route.body(rng, pools, identity, case.params)) if route.body else b""
    case.target = path.decode("latin-1")
    case.raw = build(_Parts(method, path, body, token, host_port))
    case.malformed_framing = not valid
    case.labels.append(f"raw:{kind}")
    return case
