"""The cluster `scripts/cluster.sh up` started, read from its folder (cluster.env, each
host's sriov.toml, pid and log): a compute API client per host, the shared PostgreSQL
through psql, the embedded network host 1 serves, and SIGKILL / restart of one host through
the harness's ServiceProcess (the pid and log files are the ones cluster.sh writes)."""
import os
import shlex
import signal
import subprocess
import time
from dataclasses import dataclass

from harness.api import APIClient
from harness.config import HOST
from harness.service import PID_FILE_NAME, ServiceProcess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CLUSTER_SCRIPT = os.path.join(REPO, "scripts", "cluster.sh")


def read_env(path):
    """cluster.env's `KEY=value` lines (shell-quoted values)."""
    values = {}
    with open(path) as env:
        for line in env:
            key, _, value = line.strip().partition("=")
            if key:
                values[key] = shlex.split(value)[0] if value else ""
    return values


@dataclass
class Host:
    number: int
    port: int
    fake_host: str
    directory: str
    binary: str

    @property
    def name(self):
        return f"compute{self.number}"

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def cloud(self):
        return f"sriov-host{self.number}"

    @property
    def vf_count(self):
        nodes, pfs, vfs = (int(part) for part in self.fake_host.split("x"))
        return nodes * pfs * vfs

    def api(self):
        return APIClient(HOST, self.port)

    def process(self):
        """The harness's handle on this host's process: its config, log and pid file."""
        return ServiceProcess(self.binary, os.path.join(self.directory, "sriov.toml"), HOST, self.port, self.directory)

    def pid(self):
        with open(os.path.join(self.directory, PID_FILE_NAME)) as pid_file:
            return int(pid_file.read())

    def kill(self):
        """SIGKILL from outside, as a machine's crash; waits until the process is gone."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        # Not our child (cluster.sh started it): gone once signal 0 fails.
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            if _is_zombie(pid):
                return
            time.sleep(0.01)

    def log_tail(self, characters=3000):
        try:
            with open(os.path.join(self.directory, "sriov-compute.log"), errors="replace") as log:
                return log.read()[-characters:]
        except OSError:
            return ""


def _is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


class Cluster:
    def __init__(self, directory, binary):
        self.directory = directory
        self.binary = binary
        self.env = read_env(os.path.join(directory, "cluster.env"))
        self.hosts = [
            Host(n, int(self.env[f"PORT_{n}"]), self.env[f"FAKE_{n}"], os.path.join(directory, f"host{n}"), binary)
            for n in range(1, int(self.env["HOSTS"]) + 1)]
        self.database_url = self.env["DATABASE_URL"]
        self.clouds_yaml = os.path.join(directory, "clouds.yaml")
        # Host 1 serves the one network; the others bind through it.
        self.network_url = self.hosts[0].url + "/networking"
        self.report_interval = _seconds(self.env.get("REPORT_INTERVAL") or "10s")
        self.service_down_time = _seconds(self.env.get("DOWN_TIME") or "60s")

    @classmethod
    def up(cls, directory, binary, environment):
        """`cluster.sh up` with `environment` (SRIOV_CLUSTER_*), then the cluster it wrote."""
        env = dict(os.environ, SRIOV_CLUSTER_DIR=directory, SRIOV_COMPUTE_BIN=binary, **environment)
        done = subprocess.run(["bash", CLUSTER_SCRIPT, "up"], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"cluster.sh up failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        print(done.stderr, end="")
        return cls(directory, binary)

    def down(self):
        env = dict(os.environ, SRIOV_CLUSTER_DIR=self.directory)
        subprocess.run(["bash", CLUSTER_SCRIPT, "down"], env=env, check=False)

    def host(self, name):
        return next(host for host in self.hosts if host.name == name)

    def psql(self, query):
        """The rows of `query` on the shared database, each a list of column texts."""
        output = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", self.database_url, "-c", query],
                                check=True, capture_output=True, text=True).stdout
        return [line.split("|") for line in output.splitlines() if line]


def _seconds(text):
    """`"4s"`, `"500ms"` or a number of seconds."""
    text = str(text).strip()
    if text.endswith("ms"):
        return float(text[:-2]) / 1000
    return float(text.rstrip("s"))
