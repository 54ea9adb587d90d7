"""The Networking API a service under test binds its ports through: where the crash checks
make the network and the ports, and read the bindings back. `EmbeddedNetwork` is the
service's own (`backend = "embedded"`, its `/v2.0`); the acceptance suite's real Neutron
is the other kind (stages/acceptance/support/neutron_network.py)."""
from harness.api import OWNER_PROJECT, OWNER_TOKEN, APIClient
from harness.config import HOST

from .world import read_ports

PHYSNET = "physnet1"


class NetworkingAPI:
    """Set-up and reading back through one Networking API at `api` (an APIClient); VLAN
    networks take `segment` (a segment is one network's on a physnet)."""

    def __init__(self, api, segment=100):
        self.api = api
        self.segment = segment

    def configuration(self):
        """The service's `[network]` keys."""
        raise NotImplementedError

    def host_ready(self, layout):
        """Called once the service made its host (the fake sysfs tree), before the set-up."""

    def create_network(self):
        network = self.api.expect(201, "POST", "/v2.0/networks", {"network": {
            "name": "crash-net", "tenant_id": OWNER_PROJECT, "provider:network_type": "vlan",
            "provider:physical_network": PHYSNET, "provider:segmentation_id": self.segment}})["network"]["id"]
        self.api.expect(201, "POST", "/v2.0/subnets", {"subnet": {
            "network_id": network, "ip_version": 4, "cidr": "10.88.0.0/24", "name": "crash-subnet"}}, token=OWNER_TOKEN)
        return network

    def create_port(self, network, vnic_type, name):
        return self.api.expect(201, "POST", "/v2.0/ports", {"port": {
            "network_id": network, "binding:vnic_type": vnic_type, "name": name}}, token=OWNER_TOKEN)["port"]["id"]

    def ports(self, layout):
        """id -> world.Port: the bindings the checks compare with the ledger."""
        return read_ports(self.api)

    def close(self):
        self.api.close()


class EmbeddedNetwork(NetworkingAPI):
    """The service's embedded network, served by the service itself on its port."""

    def __init__(self, service_port):
        super().__init__(APIClient(HOST, service_port))

    def configuration(self):
        return {"backend": "embedded"}
