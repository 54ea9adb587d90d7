"""The real Neutron of the run, driven through the scripts in ../neutron/ (the same ones a
developer runs by hand): prepared once, then started, stopped and restarted by the tests."""
import os
import signal
import subprocess
import sys

import requests

NEUTRON_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "neutron")


class NeutronServer:
    def __init__(self, state_dir, port, nova_url=None, keystone_url=None, password=None):
        """nova_url: without Keystone, the Compute API root its Nova notifier sends port
        events to (none: off); keystone_url: behind keystonemiddleware as user `neutron`
        (with `password`), its Nova notifier finding the compute endpoint in the catalog."""
        self.state_dir = state_dir
        self.port = port
        self.nova_url = nova_url
        self.keystone = {"KEYSTONE_URL": keystone_url, "NEUTRON_PASSWORD": password} if keystone_url else None
        self.url = f"http://127.0.0.1:{port}"
        self.db_path = os.path.join(state_dir, "neutron.db")

    def _script(self, name, *args, env_extra=None):
        env = dict(os.environ, PYTHON=sys.executable, **(env_extra or {}))
        subprocess.run([os.path.join(NEUTRON_DIR, name), self.state_dir, *map(str, args)],
                       check=True, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def prepare(self):
        env = dict(self.keystone or {}, **({"NOVA_URL": self.nova_url} if self.nova_url else {}))
        self._script("prepare.sh", env_extra=env or None)

    def start(self, access_log=None):
        """access_log: a file where gunicorn logs each request with Neutron's own time."""
        self._script("start.sh", self.port, env_extra={"NEUTRON_ACCESS_LOG": access_log} if access_log else None)

    def stop(self):
        self._script("stop.sh")

    def register_agent(self, host, mappings):
        """mappings: [(physnet, netdev)]; replaces the host's NIC Switch agent row."""
        text = ",".join(f"{physnet}:{netdev}" for physnet, netdev in mappings)
        subprocess.run([sys.executable, os.path.join(NEUTRON_DIR, "register_agent.py"), self.db_path, host, text],
                       check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def _signal_group(self, signum):
        """start.sh runs gunicorn in its own session: its master leads the process group."""
        with open(os.path.join(self.state_dir, "gunicorn.pid")) as pidfile:
            os.killpg(int(pidfile.read().strip()), signum)

    def freeze(self):
        """Neutron stops answering but keeps its connections: calls to it time out."""
        self._signal_group(signal.SIGSTOP)

    def thaw(self):
        self._signal_group(signal.SIGCONT)

    def ensure_answering(self):
        """Started again when a test left it stopped (on the same database)."""
        if not self.is_answering():
            self.start()

    def is_answering(self):
        try:
            answered = requests.get(self.url + "/v2.0/networks", timeout=5).status_code
            return answered == (401 if self.keystone else 200)
        except requests.ConnectionError:
            return False
