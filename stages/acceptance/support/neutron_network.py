"""The run's real Neutron as the network of a crash point's service (the crash stage's
`NetworkingAPI`, stages/crash/crashlib/network.py): the service's `[network]` keys, a NIC
Switch agent row for the point's own host, a VLAN network of the point's own on physnet1,
and the bindings read back from Neutron. Neutron is shared with the rest of the suite, so
the bindings read are the point's: the ports on its networks and any port its host bound."""
from crashlib.network import NetworkingAPI
from crashlib.world import read_ports
from harness.api import APIClient

from .neutron_host import register_nic_switch_agent
from .sysfs_oracle import SysfsOracle

# Per call; a stopped Neutron refuses connections at once.
TIMEOUT = "5s"


class NeutronNetwork(NetworkingAPI):
    def __init__(self, neutron, segment):
        """neutron: the run's NeutronServer; segment: a VLAN id on physnet1 no other test uses."""
        super().__init__(APIClient("127.0.0.1", neutron.port), segment)
        self.neutron = neutron
        self.network_ids = []

    def configuration(self):
        return {"backend": "neutron", "url": self.neutron.url, "timeout": TIMEOUT}

    def host_ready(self, layout):
        """sriovnicswitch binds only on a host with an agent mapping the physnet."""
        register_nic_switch_agent(self.neutron, layout, host=layout.host_name, pfs=SysfsOracle(layout.sysfs_root).pfs())

    def create_network(self):
        network = super().create_network()
        self.network_ids.append(network)
        return network

    def ports(self, layout):
        ports = read_ports(self.api, f"binding:host_id={layout.host_name}")
        for network in self.network_ids:
            ports.update(read_ports(self.api, f"network_id={network}"))
        return ports
