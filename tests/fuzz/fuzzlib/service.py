"""The sriov-compute process under test: started from run.sh's configuration, polled until
`GET /` answers, watched for deaths, restarted after them so one run reports every finding,
and stopped at the end. Its pid is kept in a file so run.sh's trap can stop it even when
this process is killed first."""
import http.client
import os
import signal
import subprocess
import time

READY_TIMEOUT_SECONDS = 60
PROBE_TIMEOUT_SECONDS = 5
STOP_GRACE_SECONDS = 3


class ServiceProcess:
    def __init__(self, binary, config_path, host, port, workdir):
        self.binary = binary
        self.config_path = config_path
        self.host = host
        self.port = port
        self.log_path = os.path.join(workdir, "sriov-compute.log")
        self.pid_path = os.path.join(workdir, "sriov-compute.pid")
        self.process = None
        self.log_offset = 0

    def start(self):
        self.log_offset = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--config", self.config_path],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        with open(self.pid_path, "w") as pid_file:
            pid_file.write(str(self.process.pid))
        self._wait_until_ready()

    def _wait_until_ready(self):
        """Until this process logged that it listens on the port (so an answer cannot come
        from another service that holds it) and `GET /` answers."""
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        listening = f"listening on http://{self.host}:{self.port}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sriov-compute exited with {self.process.returncode} during start-up:\n{self.log_tail()}")
            if listening in self._log_since_start() and self.answers_root(timeout=1):
                return
            time.sleep(0.05)
        raise RuntimeError(f"sriov-compute did not answer GET / within {READY_TIMEOUT_SECONDS} s:\n{self.log_tail()}")

    def answers_root(self, timeout=PROBE_TIMEOUT_SECONDS):
        """Whether `GET /` answers 200 on a fresh connection within `timeout`."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request("GET", "/")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def exit_code(self):
        """`None` while the process runs, else its exit status (negative: the signal)."""
        return self.process.poll() if self.process else None

    def restart(self):
        self.stop()
        self.start()

    def stop(self):
        if self.process and self.process.poll() is None:
            # Only the process this run started, by its pid.
            self.process.send_signal(signal.SIGTERM)
            try:
                # A wedged service ignores SIGTERM; waiting longer would only slow the run.
                self.process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if os.path.exists(self.pid_path):
            os.remove(self.pid_path)

    def _log_since_start(self):
        with open(self.log_path, "rb") as log:
            log.seek(self.log_offset)
            return log.read().decode("utf-8", "replace")

    def log_tail(self, characters=3000):
        try:
            with open(self.log_path, errors="replace") as log:
                return log.read()[-characters:]
        except OSError:
            return ""
