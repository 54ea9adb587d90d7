"""One service under test with everything a test drives or checks it with: the real
`openstack` CLI on the clouds.yaml it printed, the Networking API's own view (the real
Neutron, or the embedded network), its PCI inventory, and the sysfs oracle."""
import uuid

from .openstack_cli import OpenStackCLI
from .rest import ComputeView, NetworkView
from .sysfs_oracle import SysfsOracle

IMAGE = "cirros-0.6.2"
FLAVOR = "m1.tiny"


class Stack:
    def __init__(self, name, service, network_url, segment):
        self.name = name
        self.service = service
        self.network_url = network_url
        self.network = NetworkView(network_url)
        self.compute = ComputeView(service.url)
        self.cli = OpenStackCLI(service.clouds_yaml)
        self.oracle = SysfsOracle(service.sysfs_root)
        self.segment = segment
        self._cleanups = []
        self._networks = {}

    def unique(self, prefix):
        return f"{prefix}-{uuid.uuid4().hex[:8]}"

    def vlan_network(self, physnet="physnet1"):
        """A VLAN provider network on `physnet`, created once per run with the CLI."""
        if physnet not in self._networks:
            name = f"acc-{self.name}-{physnet}"
            self.segment += 1
            network = self.cli.json("network", "create", "--provider-network-type", "vlan",
                                    "--provider-physical-network", physnet, "--provider-segment", str(self.segment), name)
            self.cli.json("subnet", "create", "--network", network["id"], "--subnet-range",
                          f"10.{self.segment % 250}.0.0/24", name + "-subnet")
            self._networks[physnet] = network
        return self._networks[physnet]

    def port(self, vnic_type, physnet="physnet1"):
        """A port created with `openstack port create`, deleted after the test."""
        name = self.unique(f"p-{vnic_type}")
        port = self.cli.json("port", "create", "--network", self.vlan_network(physnet)["id"], "--vnic-type", vnic_type, name)
        self.on_cleanup(lambda: self.network.delete_port(port["id"]))
        return port

    def server(self, port_ids, name=None):
        """A server booted with `openstack server create --wait`, deleted after the test."""
        name = name or self.unique("vm")
        args = ["server", "create", "--image", IMAGE, "--flavor", FLAVOR, "--wait"]
        for port_id in port_ids:
            args += ["--nic", f"port-id={port_id}"]
        server = self.cli.json(*args, name)
        self.on_cleanup(lambda: self.compute.delete_server(server["id"]))
        return server

    def on_cleanup(self, action):
        self._cleanups.append(action)

    def cleanup(self):
        errors = []
        while self._cleanups:
            action = self._cleanups.pop()
            try:
                action()
            except Exception as error:  # every cleanup runs; the first failure is reported
                errors.append(error)
        if errors:
            raise errors[0]
