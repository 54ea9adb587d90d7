"""A loopback HTTP forwarder between sriov-compute and the real Neutron.

It passes every request through unchanged and records how long Neutron took for each
(the Neutron share of an attach or detach, for the latency figures). A test can arm one
fault: when the next request matching a method and path arrives, a callback runs first
(e.g. stopping Neutron), so the request meets whatever state Neutron is in by then.
When Neutron cannot be reached, the forwarder resets the client's connection, as a
stopped server's host would."""
import http.client
import re
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authorization", "proxy-authenticate"}


class NeutronCall:
    def __init__(self, method, path, status, started, seconds):
        self.method, self.path, self.status, self.started, self.seconds = method, path, status, started, seconds

    def __repr__(self):
        return f"{self.method} {self.path} -> {self.status} ({self.seconds * 1000:.1f} ms)"


class NeutronProxy:
    def __init__(self, upstream_port, listen_port):
        self.upstream_port = upstream_port
        self.port = listen_port
        self.url = f"http://127.0.0.1:{listen_port}"
        self.calls = []
        self._lock = threading.Lock()
        self._fault = None
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes: with Nagle on, the body waits
            # for the client's delayed ACK (~40 ms) and would be counted as ours.
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _forward(self):
                proxy._forward(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _forward

        self._server = ThreadingHTTPServer(("127.0.0.1", listen_port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def arm(self, method, path_pattern, before):
        """Runs `before()` when the next `method` request whose path matches arrives."""
        with self._lock:
            self._fault = (method, re.compile(path_pattern), before)

    def fired(self):
        with self._lock:
            return self._fault is None

    def disarm(self):
        with self._lock:
            self._fault = None

    def calls_between(self, start, end):
        with self._lock:
            return [c for c in self.calls if start <= c.started and c.started + c.seconds <= end]

    def _take_fault(self, method, path):
        with self._lock:
            if self._fault and self._fault[0] == method and self._fault[1].search(path):
                before = self._fault[2]
                self._fault = None
                return before
        return None

    def _forward(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        before = self._take_fault(handler.command, handler.path)
        if before:
            before()
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_BY_HOP}
        started = time.time()
        try:
            upstream = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=120)
            upstream.request(handler.command, handler.path, body=body, headers=headers)
            response = upstream.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self._reset(handler)
            return
        seconds = time.time() - started
        with self._lock:
            self.calls.append(NeutronCall(handler.command, handler.path, response.status, started, seconds))
        upstream.close()
        try:
            handler.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            if handler.command != "HEAD":
                handler.wfile.write(payload)
        except OSError:
            # The caller gave up waiting (its timeout) and closed the connection.
            handler.close_connection = True

    @staticmethod
    def _reset(handler):
        handler.close_connection = True
        try:
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
