"""The sriov-compute process under test: started from a stage's configuration, polled until
`GET /` answers, watched for deaths, killed, restarted, and stopped at the end. Its pid is
kept in a file so the stage's shell trap can stop it even when the Python driver is killed
first (stages/harness/stage.sh)."""
import http.client
import os
import signal
import subprocess
import time

READY_TIMEOUT_SECONDS = 60
PROBE_TIMEOUT_SECONDS = 5
STOP_GRACE_SECONDS = 3
PID_FILE_NAME = "sriov-compute.pid"
# The binary's failpoints (issue 11): a process gets one only when its caller names it, so
# that a variable left in the shell cannot kill a fuzz run or a crash stage's restart.
FAILPOINT_VARIABLE = "SRIOV_COMPUTE_FAILPOINT"


class ServiceProcess:
    def __init__(self, binary, config_path, host, port, workdir):
        self.binary = binary
        self.config_path = config_path
        self.host = host
        self.port = port
        self.log_path = os.path.join(workdir, "sriov-compute.log")
        self.pid_path = os.path.join(workdir, PID_FILE_NAME)
        self.process = None
        self.log_offset = 0

    def start(self, failpoints=None):
        """Starts the process (with `failpoints` as SRIOV_COMPUTE_FAILPOINT when given) and
        waits until it serves; returns the seconds from spawning to serving."""
        started = time.monotonic()
        self.log_offset = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
        environment = {name: value for name, value in os.environ.items() if name != FAILPOINT_VARIABLE}
        if failpoints:
            environment[FAILPOINT_VARIABLE] = failpoints
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--config", self.config_path], env=environment,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        with open(self.pid_path, "w") as pid_file:
            pid_file.write(str(self.process.pid))
        self._wait_until_ready()
        return time.monotonic() - started

    def _wait_until_ready(self):
        """Until this process logged that it listens on the port (so an answer cannot come
        from another service that holds it) and `GET /` answers."""
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        listening = f"listening on http://{self.host}:{self.port}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sriov-compute exited with {self.process.returncode} during start-up:\n{self.log_tail()}")
            if listening in self.log_since_start() and self.answers_root(timeout=1):
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

    def wait_for_exit(self, timeout):
        """The exit status once the process has ended (waitpid), or None if it still runs
        after `timeout` seconds."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        """SIGKILL from outside, as a crash of the machine's process would be; returns the
        exit status waitpid reports (-SIGKILL unless it had died already)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        return self.process.wait()

    def restart(self):
        self.stop()
        return self.start()

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

    def log_since_start(self):
        with open(self.log_path, "rb") as log:
            log.seek(self.log_offset)
            return log.read().decode("utf-8", "replace")

    def log_tail(self, characters=3000):
        try:
            with open(self.log_path, errors="replace") as log:
                return log.read()[-characters:]
        except OSError:
            return ""
