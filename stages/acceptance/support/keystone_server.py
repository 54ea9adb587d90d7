"""The real Keystone of the run (keystone/ scripts), its accounts and catalog, and the
token calls the identity tests make directly."""
import os
import subprocess
import sys

import requests

KEYSTONE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "keystone")
NEUTRON_DIR = os.path.join(os.path.dirname(KEYSTONE_DIR), "neutron")
ADMIN_PASSWORD = "admin-pw"
# Tokens live this long: long enough for every flow, short enough that the expiry test
# finds the token it took at the start of the run expired by the time it runs.
TOKEN_LIFETIME = 45


class KeystoneServer:
    def __init__(self, state_dir, port):
        self.state_dir = state_dir
        self.port = port
        self.url = f"http://127.0.0.1:{port}/v3"

    def _run(self, command, env_extra=None):
        env = dict(os.environ, PYTHON=sys.executable, **(env_extra or {}))
        subprocess.run(command, check=True, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def prepare(self):
        self._run([os.path.join(KEYSTONE_DIR, "prepare.sh"), self.state_dir, str(self.port), ADMIN_PASSWORD],
                  env_extra={"KEYSTONE_TOKEN_EXPIRATION": str(TOKEN_LIFETIME)})

    def start(self):
        self._run([os.path.join(KEYSTONE_DIR, "start.sh"), self.state_dir, str(self.port)])

    def stop(self):
        self._run([os.path.join(NEUTRON_DIR, "stop.sh"), self.state_dir])

    def create_accounts(self, compute_url, image_url, network_url):
        self._run([sys.executable, os.path.join(KEYSTONE_DIR, "accounts.py"), self.url, ADMIN_PASSWORD,
                   compute_url, image_url, network_url])

    def issue(self, user, project):
        """A fresh project-scoped token for USER (password USER-pw): (token, body)."""
        password = ADMIN_PASSWORD if user == "admin" else f"{user}-pw"
        response = requests.post(self.url + "/auth/tokens", timeout=30, json={"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "password": password, "domain": {"name": "Default"}}}},
            "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}})
        assert response.status_code == 201, response.text
        return response.headers["X-Subject-Token"], response.json()["token"]

    def revoke(self, token):
        admin, _ = self.issue("admin", "admin")
        response = requests.delete(self.url + "/auth/tokens", timeout=30,
                                   headers={"X-Auth-Token": admin, "X-Subject-Token": token})
        assert response.status_code == 204, response.text

    def clouds_yaml(self, path, users):
        """A clouds.yaml with one password cloud per (user, project), named after the user."""
        lines = ["clouds:"]
        for user, project in users:
            password = ADMIN_PASSWORD if user == "admin" else f"{user}-pw"
            lines += [f"  {user}:", "    auth:", f"      auth_url: {self.url}", f"      username: {user}",
                      f"      password: {password}", f"      project_name: {project}",
                      "      user_domain_name: Default", "      project_domain_name: Default",
                      "    region_name: RegionOne", "    identity_api_version: '3'"]
        with open(path, "w") as out:
            out.write("\n".join(lines) + "\n")
        return path
