"""Sending one request and timing its answer: over a kept-alive `http.client` connection
for well-formed HTTP, over a fresh socket for the raw (deliberately malformed) cases."""
import http.client
import re
import socket
import time
from dataclasses import dataclass, field

REQUEST_TIMEOUT_SECONDS = 10


@dataclass
class Reply:
    status: int | None
    body: bytes = b""
    headers: list = field(default_factory=list)
    seconds: float = 0.0
    # Why there is no status: "timeout", or the connection error's name and text.
    error: str | None = None
    # Raw cases only: how many status lines came back on the connection.
    responses: int = 1

    def header(self, name):
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


class HTTPTransport:
    """One keep-alive connection, reopened whenever the service closes it; a request gets
    `timeout` seconds (the real-VF stage's service runs under nested emulation)."""

    def __init__(self, host, port, timeout=REQUEST_TIMEOUT_SECONDS):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.connection = None

    def send(self, method, target, headers, body, skip_host=False) -> Reply:
        # A kept-alive connection the service closed while idle fails on first use: that is
        # not an answer to this request, so it gets one more try on a fresh connection.
        for _ in range(2):
            reused = self.connection is not None
            reply = self._attempt(method, target, headers, body, skip_host)
            if reply.error is None or reply.error == "timeout" or not reused:
                return reply
        return reply

    def _attempt(self, method, target, headers, body, skip_host) -> Reply:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        connection = self.connection
        started = time.monotonic()
        try:
            connection.putrequest(method, target, skip_host=skip_host, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            try:
                connection.endheaders(body)
            except (BrokenPipeError, ConnectionResetError):
                # The service may answer (413) and close before reading the whole body;
                # what it sent is still readable.
                pass
            response = connection.getresponse()
            data = response.read()
            reply = Reply(response.status, data, response.getheaders(), time.monotonic() - started)
            if response.will_close:
                self.close()
            return reply
        except TimeoutError:
            self.close()
            return Reply(None, seconds=time.monotonic() - started, error="timeout")
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return Reply(None, seconds=time.monotonic() - started, error=f"{type(error).__name__}: {error}")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


STATUS_LINE = re.compile(rb"HTTP/1\.[01] ([2-5]\d\d)[^\r\n]*\r\n")
INTERIM_RESPONSE = re.compile(rb"HTTP/1\.[01] 1\d\d")


def send_raw(host, port, data: bytes) -> Reply:
    """Writes `data` on a new connection, half-closes it (so a service waiting for more
    body bytes sees the end instead of waiting), and reads until the service closes."""
    started = time.monotonic()
    received = bytearray()
    try:
        with socket.create_connection((host, port), timeout=REQUEST_TIMEOUT_SECONDS) as connection:
            try:
                connection.sendall(data)
                connection.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass  # it may refuse early; read what it answered
            deadline = started + REQUEST_TIMEOUT_SECONDS
            while time.monotonic() < deadline:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                received += chunk
            else:
                return _parsed_raw(bytes(received), time.monotonic() - started, error="timeout")
    except TimeoutError:
        return _parsed_raw(bytes(received), time.monotonic() - started, error="timeout")
    except OSError as error:
        if not received:
            return Reply(None, seconds=time.monotonic() - started, error=f"{type(error).__name__}: {error}")
    return _parsed_raw(bytes(received), time.monotonic() - started)


def _parsed_raw(data, seconds, error=None) -> Reply:
    """The first response of the bytes a raw connection got back (its body cut at
    Content-Length), and how many responses there were in all."""
    while INTERIM_RESPONSE.match(data):  # "100 Continue" before the real answer
        data = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
    statuses = STATUS_LINE.findall(data)
    if not data.startswith(b"HTTP/") or not statuses:
        return Reply(None, data, [], seconds, error or ("no response" if not data else "unparsable response"), 0)
    head, _, rest = data.partition(b"\r\n\r\n")
    headers = []
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.decode("latin-1").strip(), value.decode("latin-1").strip()))
    reply = Reply(int(statuses[0]), rest, headers, seconds, error, len(statuses))
    length = reply.header("Content-Length")
    if length is not None and length.isdigit():
        reply.body = rest[:int(length)]
    return reply
