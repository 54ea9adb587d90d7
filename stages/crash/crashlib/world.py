"""What every source says at one moment, read from outside the service: the ledger (the
SQLite file, read-only, and `GET /v2.1/os-pci-devices`), the servers, their interfaces and
the journal (the same file), the port bindings (the Networking API the service binds
through: its embedded one, or a real Neutron), the
hypervisor's domains (the simulated hypervisor's files: live and persistent XML) and the
host's devices (the fake sysfs tree)."""
import glob
import json
import os
import sqlite3
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field

from harness.api import list_servers

# The statuses in which the ledger gives a device to a server (PCIDeviceStatus.isOwned).
OWNED_STATUSES = {"claimed", "allocated", "detaching", "quarantined"}
# Journal states of an operation still to be finished or retried.
PENDING_JOURNAL_STATES = {"open", "quarantined"}
# The configuration's default device_spec: the fake host's Mellanox PFs and VFs.
TRACKED_IDS = {("0x15b3", "0x101d"), ("0x15b3", "0x101e")}


@dataclass(frozen=True)
class LedgerDevice:
    address: str
    dev_type: str
    status: str
    owner: str | None
    parent: str | None
    reason: str | None

    @property
    def owned(self):
        return self.status in OWNED_STATUSES


@dataclass(frozen=True)
class Interface:
    """A `vifs` row: port `port` plugged into `server` on device `slot`."""
    port: str
    server: str
    slot: str | None
    vnic_type: str


@dataclass(frozen=True)
class Port:
    id: str
    device_id: str
    host: str
    slot: str | None
    vnic_type: str

    @property
    def bound(self):
        return bool(self.device_id or self.host or self.slot)


@dataclass
class Domain:
    uuid: str
    state: str
    live: set = field(default_factory=set)
    persistent: set = field(default_factory=set)

    @property
    def is_live(self):
        return self.state in ("running", "paused")


@dataclass(frozen=True)
class JournalRow:
    id: str
    kind: str
    server: str
    port: str | None
    state: str
    step: str
    details: dict

    def names(self, address):
        return address in self.details.values()


@dataclass
class World:
    host: str          # the service's host name: a port it binds names it (binding:host_id)
    ledger: dict       # address -> LedgerDevice (the database)
    api_ledger: dict   # address -> (status, owner) (os-pci-devices)
    servers: dict      # id -> the API's server document
    interfaces: dict   # port -> Interface
    ports: dict        # id -> Port
    domains: dict      # uuid -> Domain
    sysfs: set         # addresses of tracked devices on the host
    journal: list      # [JournalRow], every row

    @property
    def pending(self):
        return [row for row in self.journal if row.state in PENDING_JOURNAL_STATES]


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def read_world(api, layout, network):
    """Every source, read in this order: the database in one read transaction, then the
    APIs (the service's `api`, the bindings from `network`, a network.NetworkingAPI), then
    the files. Call it once the service is quiet (nothing in flight), so that the order
    does not matter."""
    database = read_database(layout.database_path, layout.host_name)
    return World(
        host=layout.host_name, ledger=database["ledger"], interfaces=database["interfaces"], journal=database["journal"],
        api_ledger=read_api_ledger(api), servers={server["id"]: server for server in list_servers(api)},
        ports=network.ports(layout), domains=read_domains(layout.hypervisor_dir, layout.sysfs_root),
        sysfs=read_sysfs(layout.sysfs_root))


def connect_read_only(database_path):
    return sqlite3.connect(f"file:{database_path}?mode=ro", uri=True, timeout=10)


def read_journal(connection):
    rows = []
    for id, kind, server, port, state, step, details in connection.execute(
            "SELECT id, kind, server_id, port_id, state, step, details FROM journal ORDER BY created_at, rowid"):
        rows.append(JournalRow(_lower(id), kind, _lower(server), port, state, step, json.loads(details)))
    return rows


def pending_journal(database_path):
    """The journal rows still open or waiting for a retry."""
    connection = connect_read_only(database_path)
    try:
        return [row for row in read_journal(connection) if row.state in PENDING_JOURNAL_STATES]
    finally:
        connection.close()


def read_database(database_path, host_name):
    connection = connect_read_only(database_path)
    try:
        connection.execute("BEGIN")
        ledger = {}
        for address, device_type, status, owner, parent, reason in connection.execute(
                "SELECT address, device_type, status, instance_uuid, parent_address, quarantine_reason FROM pci_devices WHERE host = ?",
                (host_name,)):
            ledger[address] = LedgerDevice(address, device_type, status, _lower(owner), parent, reason)
        interfaces = {}
        for port, server, slot, vnic_type in connection.execute("SELECT port_id, server_id, pci_slot, vnic_type FROM vifs"):
            interfaces[port] = Interface(port, _lower(server), slot, vnic_type)
        journal = read_journal(connection)
        connection.execute("COMMIT")
        return {"ledger": ledger, "interfaces": interfaces, "journal": journal}
    finally:
        connection.close()


def read_api_ledger(api):
    devices = api.expect(200, "GET", "/v2.1/os-pci-devices")["pci_devices"]
    return {device["address"]: (device["status"], _lower(device["instance_uuid"])) for device in devices}


def read_ports(api, query=""):
    """id -> Port for the ports `GET /v2.0/ports?query` lists."""
    ports = {}
    for port in api.expect(200, "GET", "/v2.0/ports" + (f"?{query}" if query else ""))["ports"]:
        profile = port.get("binding:profile") or {}
        ports[port["id"]] = Port(port["id"], _lower(port.get("device_id") or ""), port.get("binding:host_id") or "",
                                 profile.get("pci_slot"), port.get("binding:vnic_type", ""))
    return ports


def read_sysfs(sysfs_root):
    """The tracked devices under bus/pci/devices (vendor and device ids as the spec)."""
    found = set()
    for path in glob.glob(os.path.join(sysfs_root, "bus", "pci", "devices", "*")):
        ids = tuple(_read(os.path.join(path, name)) for name in ("vendor", "device"))
        if ids in TRACKED_IDS:
            found.add(os.path.basename(path))
    return found


def netdev_addresses(sysfs_root):
    """Netdev name -> PCI address (bus/pci/devices/ADDR/net/NAME), for macvtap sources."""
    names = {}
    for path in glob.glob(os.path.join(sysfs_root, "bus", "pci", "devices", "*", "net", "*")):
        names[os.path.basename(path)] = os.path.basename(os.path.dirname(os.path.dirname(path)))
    return names


def read_domains(hypervisor_dir, sysfs_root):
    netdevs = netdev_addresses(sysfs_root)
    domains = {}
    for path in sorted(glob.glob(os.path.join(hypervisor_dir, "*.json"))):
        with open(path) as file:
            document = json.load(file)
        uuid = document["definition"]["uuid"].lower()
        domains[uuid] = Domain(
            uuid, document["state"], live=device_addresses(document.get("liveXML"), netdevs),
            persistent=device_addresses(document["persistentXML"], netdevs))
    return domains


def device_addresses(xml, netdevs):
    """The host PCI devices a domain XML holds: `<interface type='hostdev'>` and
    `<hostdev type='pci'>` by their source address, `<interface type='direct'>` (macvtap) by
    its source netdev's device. A guest-side `<address>` (a child of the device, not of its
    `<source>`) is not the host's."""
    if not xml:
        return set()
    root = ElementTree.fromstring(xml)
    held = set()
    for element in root.iterfind("./devices/*"):
        kind = element.get("type")
        if (element.tag, kind) in (("interface", "hostdev"), ("hostdev", "pci")):
            address = element.find("./source/address")
            if address is not None:
                held.add(pci_address(address))
        elif (element.tag, kind) == ("interface", "direct"):
            source = element.find("./source")
            device = source.get("dev") if source is not None else None
            held.add(netdevs.get(device, f"netdev {device} (no PCI device)"))
    return held


def pci_address(element):
    domain, bus, slot, function = (int(element.get(name), 16) for name in ("domain", "bus", "slot", "function"))
    return f"{domain:04x}:{bus:02x}:{slot:02x}.{function:x}"


def _read(path):
    try:
        with open(path) as file:
            return file.read().strip()
    except OSError:
        return None
