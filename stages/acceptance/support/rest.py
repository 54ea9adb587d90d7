"""Plain HTTP views of the two services, independent of the clients under test: the
Networking API's own view of a port, and the compute service's PCI inventory."""
import time

import requests


class NetworkView:
    """The Networking API (the real Neutron, or the embedded one) at `url` (its root)."""

    def __init__(self, url):
        self.base = url.rstrip("/") + "/v2.0"

    def _call(self, method, path, token=None, **kwargs):
        headers = {"X-Auth-Token": token} if token else {}
        return requests.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def port(self, port_id):
        response = self._call("GET", f"/ports/{port_id}")
        assert response.status_code == 200, f"GET port {port_id}: {response.status_code} {response.text}"
        return response.json()["port"]

    def ports(self, **filters):
        """Every port (the admin's view), or those matching `filters` (`device_id=…`)."""
        response = self._call("GET", "/ports", params=filters)
        assert response.status_code == 200, f"GET ports: {response.status_code} {response.text}"
        return response.json()["ports"]

    def port_exists(self, port_id):
        response = self._call("GET", f"/ports/{port_id}")
        assert response.status_code in (200, 404), f"GET port {port_id}: {response.status_code} {response.text}"
        return response.status_code == 200

    def create_port(self, network_id, name, vnic_type, token=None, **extra):
        body = {"port": {"network_id": network_id, "name": name, "binding:vnic_type": vnic_type, **extra}}
        response = self._call("POST", "/ports", token=token, json=body)
        assert response.status_code == 201, f"POST port {name}: {response.status_code} {response.text}"
        return response.json()["port"]

    def update_port(self, port_id, **fields):
        response = self._call("PUT", f"/ports/{port_id}", json={"port": fields})
        assert response.status_code == 200, f"PUT port {port_id}: {response.status_code} {response.text}"
        return response.json()["port"]

    def delete_port(self, port_id):
        response = self._call("DELETE", f"/ports/{port_id}")
        assert response.status_code in (204, 404), f"DELETE port {port_id}: {response.status_code} {response.text}"

    def create_network(self, name, physnet, segment, token=None):
        body = {"network": {"name": name, "provider:network_type": "vlan",
                            "provider:physical_network": physnet, "provider:segmentation_id": segment}}
        response = self._call("POST", "/networks", token=token, json=body)
        assert response.status_code == 201, f"POST network {name}: {response.status_code} {response.text}"
        network = response.json()["network"]
        subnet = {"subnet": {"network_id": network["id"], "ip_version": 4, "cidr": f"10.{segment % 250}.0.0/24"}}
        response = self._call("POST", "/subnets", token=token, json=subnet)
        assert response.status_code == 201, f"POST subnet of {name}: {response.status_code} {response.text}"
        return network


def assert_unbound(port):
    """Neutron's view of a port nothing holds (nova-behavior §5.4 after the unbind PUT)."""
    assert port["binding:host_id"] == "", port
    assert port["binding:profile"] == {}, port
    assert port["device_id"] == "", port
    assert port["device_owner"] == "", port
    assert port["binding:vif_type"] == "unbound", port


class ComputeView:
    """The compute API at `url` (its root), at microversion 2.1 unless told."""

    def __init__(self, url):
        self.base = url.rstrip("/") + "/v2.1"

    def call(self, method, path, version="2.1", token=None, headers=None, **kwargs):
        headers = {"OpenStack-API-Version": f"compute {version}", "X-OpenStack-Nova-API-Version": version, **(headers or {})}
        if token:
            headers["X-Auth-Token"] = token
        return requests.request(method, self.base + path, headers=headers, timeout=60, **kwargs)

    def pci_devices(self, token=None):
        response = self.call("GET", "/os-pci-devices", token=token)
        assert response.status_code == 200, f"os-pci-devices: {response.status_code} {response.text}"
        return {d["address"]: d for d in response.json()["pci_devices"]}

    def devices_of(self, server_id, token=None):
        return {a: d for a, d in self.pci_devices(token).items() if d["instance_uuid"] == server_id}

    def create_server(self, name, port_ids, token=None, flavor="1"):
        body = {"server": {"name": name, "flavorRef": flavor, "imageRef": "c3a9b0b4-5e6f-4a0e-9d6b-0f8f3b0a1c01",
                           "networks": [{"port": p} for p in port_ids] or "none"}}
        response = self.call("POST", "/servers", version="2.37", token=token, json=body)
        assert response.status_code == 202, f"POST server {name}: {response.status_code} {response.text}"
        server_id = response.json()["server"]["id"]
        self.wait_for_status(server_id, "ACTIVE", token=token)
        return server_id

    def wait_for_status(self, server_id, status, token=None, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = self.call("GET", f"/servers/{server_id}", token=token)
            if status == "DELETED" and response.status_code == 404:
                return
            assert response.status_code == 200, response.text
            current = response.json()["server"]["status"]
            assert current != "ERROR" or status == "ERROR", response.text
            if current == status:
                return
            time.sleep(0.1)
        raise AssertionError(f"server {server_id} did not reach {status} within {timeout} s")

    def delete_server(self, server_id, token=None):
        response = self.call("DELETE", f"/servers/{server_id}", token=token)
        assert response.status_code in (204, 404), f"DELETE server: {response.status_code} {response.text}"
        self.wait_for_status(server_id, "DELETED", token=token)


def wait_until(predicate, what, timeout=30):
    """Waits for an asynchronous outcome (a detach completes after its 202)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what}: not reached within {timeout} s")
