"""Who a request is (the service's `noauth` rule, mirrored) and a small JSON client for the
set-up, snapshots and clean-up, which must work for the run to mean anything."""
import json
import time
from dataclasses import dataclass

from .transport import REQUEST_TIMEOUT_SECONDS, HTTPTransport

ADMIN_TOKEN = "admin:admin"
OWNER_TOKEN = "owner:ownerproj"
OWNER_PROJECT = "ownerproj"
EVE_TOKEN = "eve:eveproj"
MICROVERSION = "2.96"


@dataclass(frozen=True)
class Identity:
    user: str
    project: str
    is_admin: bool

    @property
    def foreign(self):
        """Another project than the fixtures' owner: must never see or change them."""
        return not self.is_admin and self.project != OWNER_PROJECT

    def __str__(self):
        return "admin" if self.is_admin else f"{self.user}:{self.project}"


def identity_for_token(token):
    """`Identity.noAuth` of Sources/APICore/Identity.swift: `user:project`; no token, one
    without a colon or with an empty side is the admin; the user `admin` is an admin."""
    if isinstance(token, bytes):
        token = token.decode("utf-8", "replace")
    if token is None:
        return Identity("admin", "admin", True)
    token = token.strip(" \t")  # HTTP strips a field value's surrounding whitespace
    user, colon, project = token.partition(":")
    if not colon or not user or not project:
        return Identity("admin", "admin", True)
    return Identity(user, project, user == "admin")


class APIError(RuntimeError):
    pass


class APIClient:
    def __init__(self, host, port, timeout=REQUEST_TIMEOUT_SECONDS):
        self.transport = HTTPTransport(host, port, timeout)

    def call(self, method, path, body=None, token=ADMIN_TOKEN):
        """(status, JSON or None, reply)."""
        headers = [("OpenStack-API-Version", f"compute {MICROVERSION}"), ("X-Auth-Token", token),
                   ("Accept", "application/json")]
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers += [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
        reply = self.transport.send(method, path, headers, data)
        if reply.status is None:
            raise APIError(f"{method} {path}: no answer ({reply.error})")
        try:
            document = json.loads(reply.body) if reply.body else None
        except ValueError:
            document = None
        return reply.status, document, reply

    def expect(self, status, method, path, body=None, token=ADMIN_TOKEN):
        """The JSON of a call that must answer `status`."""
        got, document, reply = self.call(method, path, body, token)
        if got != status:
            raise APIError(f"{method} {path} as {token}: expected {status}, got {got}: {reply.body[:500]!r}")
        return document

    def close(self):
        self.transport.close()


def list_servers(api, token=ADMIN_TOKEN):
    """Every server of every project (the admin's view), following the pages."""
    servers, path = [], "/v2.1/servers/detail?all_tenants=1"
    for _ in range(100):
        document = api.expect(200, "GET", path, token=token)
        servers += document["servers"]
        following = [link["href"] for link in document.get("servers_links", []) if link.get("rel") == "next"]
        if not following or not document["servers"]:
            break
        path = "/v2.1/" + following[0].split("/v2.1/", 1)[1]
    return servers


def wait_for_status(api, server, statuses, timeout):
    """Polls the server until its status is one of `statuses`; returns it, or raises
    APIError after `timeout` seconds naming the status it was left in."""
    wanted = {statuses} if isinstance(statuses, str) else set(statuses)
    deadline = time.monotonic() + timeout
    while True:
        status = api.expect(200, "GET", f"/v2.1/servers/{server}")["server"]["status"]
        if status in wanted:
            return status
        if time.monotonic() > deadline:
            raise APIError(f"server {server} not {'/'.join(sorted(wanted))} within {timeout} s (it is {status})")
        time.sleep(0.05)


def wait_until(condition, timeout, poll=0.05):
    """Polls `condition` until it returns something true (returned) or `timeout` passes (None)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            return result or None
        time.sleep(poll)
