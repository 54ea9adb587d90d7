"""The sriov-compute binary in L1 on the libvirt driver and the real /sys, and what the tests
ask of it through its APIs (the shared harness: ServiceProcess, APIClient)."""
import json
import os
import time
import uuid

from harness.api import OWNER_PROJECT, OWNER_TOKEN, APIClient, APIError, wait_for_status
from harness.config import HOST, free_port
from harness.service import ServiceProcess

from . import kernel

PHYSNET = "physnet1"
VLAN = 42
# The guest image: the stage's kernel and initramfs (stages/libvirt/build-guest.sh), booted
# as a guest (the GUEST-READY / GUEST-NET / GUEST-PCI console lines), with L1's kernel
# arguments (stages/realvf/run.sh says why).
GUEST_IMAGE = "5eed0015-0000-4000-8000-00000000a11c"
# A request's budget: a boot or an attach waits for libvirtd and QEMU, both under TCG in a
# TCG guest on two shared cores (a boot's answer took over 10 s there).
REQUEST_SECONDS = 120


def configuration(directory, port, libvirt_uri, guest, detach_timeout):
    """The service's TOML: the libvirt driver under TCG, the real /sys, the VFs of the first
    igb and both igb PFs tracked on one physnet, the embedded network."""
    # By ids, as Nova reads them: a spec naming a PF's full address would select its VFs.
    device_spec = [
        {"vendor_id": kernel.VF_IDS[0], "product_id": kernel.VF_IDS[1], "physical_network": PHYSNET},
        {"vendor_id": kernel.PF_IDS[0], "product_id": kernel.PF_IDS[1], "physical_network": PHYSNET},
    ]
    consoles = os.path.join(directory, "consoles")
    os.makedirs(consoles, exist_ok=True)
    return f"""[api]
listen = "{HOST}:{port}"
[database]
url = "sqlite:{os.path.join(directory, 'sriov.sqlite')}"
[host]
name = "realvf-l1"
sysfs_root = "/sys"
[pci]
device_spec = {json.dumps([json.dumps(spec) for spec in device_spec])}
[hypervisor]
driver = "libvirt"
uri = "{libvirt_uri}"
virt_type = "qemu"
num_pcie_ports = 4
console_dir = "{consoles}"
detach_timeout = "{detach_timeout}s"
detach_attempts = 1
[images]
"{GUEST_IMAGE}" = {{ name = "realvf-guest", kernel = "{guest}/vmlinuz", initrd = "{guest}/initramfs.gz", cmdline = "console=ttyS0 panic=-1 quiet loglevel=4 no_timer_check mitigations=off" }}
[network]
backend = "embedded"
[audit]
interval = 0
"""


class Cloud:
    """The running service, its network and ports, its servers."""

    def __init__(self, binary, directory, libvirt_uri, guest, detach_timeout):
        os.makedirs(directory, exist_ok=True)
        self.directory = directory
        self.port = free_port()
        self.config_path = os.path.join(directory, "sriov.toml")
        with open(self.config_path, "w") as config:
            config.write(configuration(directory, self.port, libvirt_uri, guest, detach_timeout))
        self.service = ServiceProcess(binary, self.config_path, HOST, self.port, directory)
        self.api = None
        self.network = None

    def start(self):
        seconds = self.service.start()
        self.api = APIClient(HOST, self.port, timeout=REQUEST_SECONDS)
        self.network = self.api.expect(201, "POST", "/v2.0/networks", {"network": {
            "name": "realvf-net", "tenant_id": OWNER_PROJECT, "provider:network_type": "vlan",
            "provider:physical_network": PHYSNET, "provider:segmentation_id": VLAN}})["network"]["id"]
        self.api.expect(201, "POST", "/v2.0/subnets", {"subnet": {
            "network_id": self.network, "ip_version": 4, "cidr": "10.88.0.0/24", "name": "realvf-subnet"}}, token=OWNER_TOKEN)
        return seconds

    def stop(self):
        if self.api:
            self.api.close()
        self.service.stop()

    def console_path(self, server):
        return os.path.join(self.directory, "consoles", f"{server}.log")

    # --- set-up and actions ---

    def create_port(self, vnic_type, name):
        port = self.api.expect(201, "POST", "/v2.0/ports", {"port": {
            "network_id": self.network, "binding:vnic_type": vnic_type, "name": name}}, token=OWNER_TOKEN)["port"]
        return port["id"], port["mac_address"].lower()

    def boot(self, name, image):
        """A server with no port, booting `image` ("" for none: its firmware finds nothing to
        boot and keeps trying, so its guest never runs an OS); ACTIVE once its domain runs."""
        server = self.api.expect(202, "POST", "/v2.1/servers", {"server": {
            "name": name, "flavorRef": "1", "imageRef": image, "networks": "none"}}, token=OWNER_TOKEN)["server"]["id"]
        status = wait_for_status(self.api, server, {"ACTIVE", "ERROR"}, timeout=120)
        if status != "ACTIVE":
            fault = self.api.expect(200, "GET", f"/v2.1/servers/{server}")["server"].get("fault", {})
            raise APIError(f"server {name} went {status}: {fault.get('message')} {fault.get('details', '')[:500]}")
        return server

    def attach(self, server, port):
        """(status, fault message or None) of POST os-interface."""
        status, document, reply = self.api.call("POST", f"/v2.1/servers/{server}/os-interface",
                                                {"interfaceAttachment": {"port_id": port}}, token=OWNER_TOKEN)
        return status, _fault(document, reply)

    def detach(self, server, port):
        status, document, reply = self.api.call("DELETE", f"/v2.1/servers/{server}/os-interface/{port}", token=OWNER_TOKEN)
        return status, _fault(document, reply)

    # --- reading back ---

    def ledger(self):
        """address -> (status, owner) from GET /v2.1/os-pci-devices."""
        devices = self.api.expect(200, "GET", "/v2.1/os-pci-devices")["pci_devices"]
        return {device["address"]: (device["status"], (device.get("instance_uuid") or "").lower() or None) for device in devices}

    def port_binding(self, port):
        return self.api.expect(200, "GET", f"/v2.0/ports/{port}")["port"]

    def interfaces(self, server):
        return [attachment["port_id"] for attachment in self.api.expect(
            200, "GET", f"/v2.1/servers/{server}/os-interface", token=OWNER_TOKEN)["interfaceAttachments"]]

    def wait_for_ledger(self, address, statuses, timeout):
        """Polls the ledger until `address` has one of `statuses`; returns (status, owner)."""
        deadline = time.monotonic() + timeout
        while True:
            entry = self.ledger().get(address)
            if entry and entry[0] in statuses or time.monotonic() > deadline:
                return entry
            time.sleep(0.5)


def _fault(document, reply):
    if isinstance(document, dict):
        for value in document.values():
            if isinstance(value, dict) and "message" in value:
                return value["message"]
    return reply.body[:300].decode("utf-8", "replace") if reply.body else None


def new_name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:6]}"
