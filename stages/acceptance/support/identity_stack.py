"""The identity stage's stack (issue 13): a real Keystone, a real Neutron behind
keystonemiddleware whose Nova notifier finds sriov-compute in Keystone's catalog, and
sriov-compute with `[auth] strategy = "keystone"` binding ports with its own token; the
users of keystone/accounts.py, a clouds.yaml with a password cloud for each, and a shared
VLAN network the admin made."""
import os
import time

from .keystone_server import KeystoneServer
from .neutron_host import DEVICE_SPEC, FAKE_HOST, HOST, register_nic_switch_agent
from .neutron_server import NeutronServer
from .openstack_cli import OpenStackCLI
from .ports import free_port
from .rest import ComputeView, NetworkView
from .sriov_server import SRIOVComputeServer

USERS = [("admin", "admin"), ("alice", "demo"), ("reader1", "demo"), ("bob", "other"), ("sriov-compute", "service"),
         ("neutron", "service")]
# A used token is trusted this long after its revocation (the stage's token_cache_time).
TOKEN_CACHE_SECONDS = 2


class IdentityStack:
    def __init__(self, run_dir, binary):
        self.run_dir = run_dir
        self.keystone = KeystoneServer(os.path.join(run_dir, "keystone"), free_port())
        sriov_port = free_port()
        self.neutron = NeutronServer(os.path.join(run_dir, "neutron-keystone"), free_port(),
                                     keystone_url=self.keystone.url, password="neutron-pw")
        self.service = SRIOVComputeServer(
            binary, os.path.join(run_dir, "sriov-keystone"), sriov_port,
            network={"backend": "neutron", "url": self.neutron.url, "timeout": "10s"},
            fake_host=FAKE_HOST, device_spec=DEVICE_SPEC, host_name=HOST,
            auth={"strategy": "keystone"},
            keystone={"url": self.keystone.url, "username": "sriov-compute", "password": "sriov-compute-pw",
                      "project_name": "service", "token_cache_time": f"{TOKEN_CACHE_SECONDS}s"})
        self.compute = ComputeView(self.service.url)
        self.network = NetworkView(self.neutron.url)
        self.clouds_yaml = os.path.join(run_dir, "clouds-keystone.yaml")
        self.timings = {}
        self.early_token = None

    def start(self):
        started = time.monotonic()
        self.keystone.prepare()
        self.keystone.start()
        self.keystone.create_accounts(self.service.compute_url, self.service.url + "/image", self.neutron.url)
        # Taken first, expired by the time the expiry test runs (TOKEN_LIFETIME).
        self.early_token = self.keystone.issue("alice", "demo")
        self.timings["keystone"] = time.monotonic() - started
        started = time.monotonic()
        self.neutron.prepare()
        self.neutron.start()
        self.timings["neutron"] = time.monotonic() - started
        started = time.monotonic()
        self.service.start()
        register_nic_switch_agent(self.neutron, self.service)
        self.keystone.clouds_yaml(self.clouds_yaml, USERS)
        admin = self.token("admin")
        self.shared_network = self.network.create_network("identity-shared", "physnet1", 150, token=admin)
        response = self.network._call("PUT", f"/networks/{self.shared_network['id']}", token=admin,
                                      json={"network": {"shared": True}})
        assert response.status_code == 200, response.text
        self.timings["sriov-compute"] = time.monotonic() - started

    def stop(self):
        for part in (self.service.stop, self.neutron.stop, self.keystone.stop):
            try:
                part()
            except Exception:  # every part is stopped; the run's trap catches the rest
                pass

    def token(self, user):
        project = dict(USERS)[user]
        return self.keystone.issue(user, project)[0]

    def cli(self, user):
        return OpenStackCLI(self.clouds_yaml, cloud=user)

    def restart_service(self, policy_file=None):
        """sriov-compute again on the same database and port, with `policy_file` (or none)."""
        self.service.stop()
        self.service.auth = {"strategy": "keystone", **({"policy_file": policy_file} if policy_file else {})}
        self.service.start()
