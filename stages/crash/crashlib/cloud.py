"""What the crash stage asks of the service through its Compute API: servers booted on ports,
attaches, detaches, suspends, resumes, rebuilds and deletes. Each call's outcome is kept whether it was answered or cut
by the process's death."""
from dataclasses import dataclass

from harness.api import ADMIN_TOKEN, OWNER_TOKEN, APIClient, APIError, list_servers, wait_for_status

SETTLE_SECONDS = 30


@dataclass
class Outcome:
    """One call: its status (None when no answer came: the process died, or the call
    could not be sent), the server it made or named, its request id."""
    operation: str
    server: str | None
    port: str | None
    status: int | None = None
    request_id: str | None = None
    error: str | None = None

    @property
    def answered(self):
        return self.status is not None

    def __str__(self):
        answer = self.status if self.answered else "no answer"
        target = " ".join(part for part in (self.server and f"server {self.server}", self.port and f"port {self.port}") if part)
        return f"{self.operation} {target}: {answer}"


class Cloud:
    """One connection to the service (a thread uses its own)."""

    def __init__(self, host, port):
        self.api = APIClient(host, port)

    def close(self):
        self.api.close()

    # --- set-up (must succeed; the network and ports are made through network.py) ---

    def boot_active(self, name, ports):
        """A server booted on `ports` that must come up ACTIVE."""
        outcome = self.boot(name, ports)
        if outcome.status != 202 or outcome.server is None:
            raise APIError(f"set-up: {outcome}")
        self.wait_for_status(outcome.server, {"ACTIVE"})
        return outcome.server

    def wait_for_status(self, server, statuses, timeout=SETTLE_SECONDS):
        return wait_for_status(self.api, server, statuses, timeout)

    # --- the operations (any outcome) ---

    def boot(self, name, ports):
        networks = [{"port": port} for port in ports] if ports else "none"
        outcome = self._send("boot", None, ",".join(ports) or None, "POST", "/v2.1/servers", {"server": {
            "name": name, "flavorRef": "1", "imageRef": "", "networks": networks}})
        return outcome

    def attach(self, server, port):
        return self._send("attach", server, port, "POST", f"/v2.1/servers/{server}/os-interface",
                          {"interfaceAttachment": {"port_id": port}})

    def detach(self, server, port):
        return self._send("detach", server, port, "DELETE", f"/v2.1/servers/{server}/os-interface/{port}")

    def suspend(self, server):
        return self._send("suspend", server, None, "POST", f"/v2.1/servers/{server}/action", {"suspend": None})

    def resume(self, server):
        return self._send("resume", server, None, "POST", f"/v2.1/servers/{server}/action", {"resume": None})

    def rebuild(self, server, image):
        return self._send("rebuild", server, None, "POST", f"/v2.1/servers/{server}/action", {"rebuild": {"imageRef": image}})

    def delete(self, server):
        return self._send("delete", server, None, "DELETE", f"/v2.1/servers/{server}")

    def _send(self, operation, server, port, method, path, body=None):
        outcome = Outcome(operation, server, port)
        try:
            status, document, reply = self.api.call(method, path, body, token=OWNER_TOKEN)
        except APIError as error:
            outcome.error = str(error)
            return outcome
        outcome.status = status
        outcome.request_id = reply.header("x-compute-request-id")
        if operation == "boot" and status == 202 and isinstance(document, dict):
            outcome.server = document.get("server", {}).get("id")
        return outcome

    # --- reading back ---

    def action_finished(self, outcome):
        """Whether the instance action of an answered call has every event finished (a
        detach answers 202 and goes on in the background)."""
        status, document, _ = self.api.call(
            "GET", f"/v2.1/servers/{outcome.server}/os-instance-actions/{outcome.request_id}", token=ADMIN_TOKEN)
        if status != 200:
            return status == 404  # the server is gone: nothing of it runs any more
        events = document["instanceAction"].get("events", [])
        return bool(events) and all(event.get("finish_time") for event in events)

    def delete_everything(self):
        """Deletes every server (unlocked first); returns the refusals."""
        problems = []
        for server in list_servers(self.api):
            if server.get("locked"):
                self.api.call("POST", f"/v2.1/servers/{server['id']}/action", {"unlock": None})
            status, _, reply = self.api.call("DELETE", f"/v2.1/servers/{server['id']}")
            if status not in (204, 404):
                problems.append(f"DELETE server {server['id']}: {status} {reply.body[:300]!r}")
        return problems

