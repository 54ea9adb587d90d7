"""The real Neutron of the run, driven through the scripts in ../neutron/ (the same ones a
developer runs by hand): prepared once, then started, stopped and restarted by the tests."""
import os
import subprocess
import sys

import requests

NEUTRON_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "neutron")


class NeutronServer:
    def __init__(self, state_dir, port):
        self.state_dir = state_dir
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.db_path = os.path.join(state_dir, "neutron.db")

    def _script(self, name, *args):
        env = dict(os.environ, PYTHON=sys.executable)
        subprocess.run([os.path.join(NEUTRON_DIR, name), self.state_dir, *map(str, args)],
                       check=True, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def prepare(self):
        self._script("prepare.sh")

    def start(self):
        self._script("start.sh", self.port)

    def stop(self):
        self._script("stop.sh")

    def register_agent(self, host, mappings):
        """mappings: [(physnet, netdev)]; replaces the host's NIC Switch agent row."""
        text = ",".join(f"{physnet}:{netdev}" for physnet, netdev in mappings)
        subprocess.run([sys.executable, os.path.join(NEUTRON_DIR, "register_agent.py"), self.db_path, host, text],
                       check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def is_answering(self):
        try:
            return requests.get(self.url + "/v2.0/networks", timeout=5).status_code == 200
        except requests.ConnectionError:
            return False
