"""Whether the four sources agree (stages/crash): the ledger against the servers'
interfaces, the port bindings, the domains and sysfs, once nothing is in flight.

Each device's holders are the servers that hold it in any source: an interface row, a
port bound on this host naming its slot (`binding:profile.pci_slot`, holder `device_id`),
a domain's live or persistent XML. Then:
- leaked: the ledger gives the device to a server but nobody holds it (and no operation
  is pending), or to a server that no longer exists; or the ledger has it free while a
  domain or a port holds it;
- double-owned: two servers hold it, or the ledger's owner is not its holder;
- disagree: anything else the sources do not agree on (an attachment present in some
  sources and not others, the API's ledger not the database's, sysfs not the ledger,
  the PF/VF rule broken, a server left building, a domain nobody owns);
- quarantined: a device quarantined by a server that holds it (counted, with the reason;
  not a failure by itself: the operation's end state says whether it is allowed).
"""
from dataclasses import dataclass

FAILING_KINDS = ("leaked", "double-owned", "disagree")
# Statuses of a free device that its PF/VF relative's use has taken off the table.
BLOCKED_STATUSES = {"unavailable", "unclaimable"}
GONE_STATUSES = {"removed", "deleted"}


@dataclass(frozen=True)
class Finding:
    kind: str     # leaked, double-owned, disagree, quarantined
    subject: str  # the device address, server or port it is about
    detail: str

    def __str__(self):
        return f"{self.kind}: {self.subject}: {self.detail}"


def holders(world):
    """address -> {server: [source, …]} over interfaces, ports and domains."""
    held = {}

    def add(address, server, source):
        held.setdefault(address, {}).setdefault(server, []).append(source)

    for interface in world.interfaces.values():
        if interface.slot:
            add(interface.slot, interface.server, f"interface {interface.port}")
    for port in world.ports.values():
        if port.slot:
            add(port.slot, port.device_id or f"(port {port.id} bound to nobody)", f"port {port.id}")
    for domain in world.domains.values():
        for address in domain.live:
            add(address, domain.uuid, "domain live")
        for address in domain.persistent:
            add(address, domain.uuid, "domain persistent")
    return held


def check_world(world):
    """Every finding, failing or not."""
    found = []
    held = holders(world)
    found += _ledger_against_holders(world, held)
    found += _attachments(world)
    found += _ledger_sources(world)
    found += _pf_vf_rules(world)
    found += _servers_and_domains(world)
    return found


def _describe(holding):
    return "; ".join(f"{server} ({', '.join(sources)})" for server, sources in sorted(holding.items()))


def _ledger_against_holders(world, held):
    found = []
    pending = world.pending
    for address in sorted(set(world.ledger) | set(held)):
        device = world.ledger.get(address)
        holding = held.get(address, {})
        if device is None:
            found.append(Finding("disagree", address, f"held by {_describe(holding)} but not in the ledger"))
            continue
        if len(holding) > 1:
            found.append(Finding("double-owned", address, f"held by {len(holding)} servers: {_describe(holding)}"
                                                          f" (ledger: {device.status} {device.owner})"))
        if not device.owned:
            if holding:
                found.append(Finding("leaked", address, f"{device.status} in the ledger while held by {_describe(holding)}"))
            continue
        owner = device.owner
        if device.status == "quarantined":
            found.append(Finding("quarantined", address, f"owned by {owner}: {device.reason or 'no reason recorded'}"))
        in_flight = [row for row in pending if row.names(address) or row.server == owner]
        if owner not in world.servers:
            found.append(Finding("leaked", address, f"{device.status} by {owner}, a server that no longer exists"
                                                    + (f"; held by {_describe(holding)}" if holding else "")))
        elif not holding and not in_flight:
            found.append(Finding("leaked", address, f"{device.status} by {owner} ({device.reason or 'no reason'}) "
                                                    f"but held by no interface, port or domain, and no operation is pending"))
        elif holding and owner not in holding:
            found.append(Finding("double-owned", address, f"the ledger gives it to {owner} ({device.status}), "
                                                          f"held by {_describe(holding)}"))
        if device.status in ("claimed", "detaching") and not in_flight:
            found.append(Finding("disagree", address, f"{device.status} by {owner} with no operation pending"))
    return found


def _attachments(world):
    """An interface row is one attachment, whole in every source: the ledger's device
    allocated (or quarantined) to its server, the port bound to the server on that slot
    by this host, the device in the domain's persistent XML and, when the guest runs, its
    live XML. A bound port or a domain device with no interface row is an attachment only
    half there."""
    found = []
    for interface in sorted(world.interfaces.values(), key=lambda i: i.port):
        where = f"interface of port {interface.port} on {interface.server}"
        if interface.server not in world.servers:
            found.append(Finding("disagree", interface.port, f"{where}: the server does not exist"))
        if not interface.slot:
            found.append(Finding("disagree", interface.port, f"{where}: no device recorded"))
            continue
        missing = []
        device = world.ledger.get(interface.slot)
        if device is None or device.owner != interface.server or device.status not in ("allocated", "quarantined", "detaching"):
            missing.append(f"ledger ({device.status + ' ' + str(device.owner) if device else 'untracked'})")
        port = world.ports.get(interface.port)
        if port is None or (port.device_id, port.host, port.slot) != (interface.server, world.host, interface.slot):
            missing.append("port binding (" + ("deleted" if port is None else
                                               f"device_id {port.device_id!r}, host {port.host!r}, slot {port.slot}") + ")")
        domain = world.domains.get(interface.server)
        if domain is None or interface.slot not in domain.persistent:
            missing.append("domain persistent XML")
        if domain is not None and domain.is_live and interface.slot not in domain.live:
            missing.append("domain live XML")
        if missing and not (device and device.status == "quarantined"):
            found.append(Finding("disagree", interface.slot, f"{where}: missing from {', '.join(missing)}"))
    attached = {interface.port for interface in world.interfaces.values()}
    slots = {(interface.server, interface.slot) for interface in world.interfaces.values()}
    for port in sorted(world.ports.values(), key=lambda p: p.id):
        if port.bound and port.id not in attached:
            found.append(Finding("disagree", port.id, f"bound (device_id {port.device_id!r}, host {port.host!r}, "
                                                      f"slot {port.slot}) with no interface row"))
    for domain in world.domains.values():
        for address in sorted(domain.live | domain.persistent):
            if (domain.uuid, address) not in slots:
                found.append(Finding("disagree", address, f"in the domain of {domain.uuid} with no interface row"))
    return found


def _ledger_sources(world):
    """The API's ledger is the database's; the ledger tracks exactly sysfs's devices."""
    found = []
    for address in sorted(set(world.ledger) | set(world.api_ledger)):
        stored = world.ledger.get(address)
        shown = world.api_ledger.get(address)
        if stored is None or shown is None or shown != (stored.status, stored.owner):
            found.append(Finding("disagree", address, f"os-pci-devices says {shown}, the database "
                                                      f"{(stored.status, stored.owner) if stored else None}"))
    present = {address for address, device in world.ledger.items() if device.status not in GONE_STATUSES}
    for address in sorted(present - world.sysfs):
        found.append(Finding("disagree", address, "in the ledger, not in sysfs"))
    for address in sorted(world.sysfs - set(world.ledger)):
        found.append(Finding("disagree", address, "in sysfs, not in the ledger"))
    return found


def _pf_vf_rules(world):
    """Using any VF takes its PF off the table; using the PF takes all its VFs; a family
    nobody uses is all available."""
    found = []
    families = {}
    for device in world.ledger.values():
        if device.dev_type == "type-VF" and device.parent in world.ledger:
            families.setdefault(device.parent, []).append(device)
    for pf_address, vfs in sorted(families.items()):
        pf = world.ledger[pf_address]
        used_vfs = [vf.address for vf in vfs if vf.owned]
        if pf.owned:
            wrong = [f"{vf.address} {vf.status}" for vf in vfs if vf.status not in BLOCKED_STATUSES]
            if wrong:
                found.append(Finding("disagree", pf_address, f"PF {pf.status} but VFs {', '.join(wrong)}"))
        elif used_vfs:
            if pf.status not in BLOCKED_STATUSES:
                found.append(Finding("disagree", pf_address, f"PF {pf.status} while VFs {', '.join(used_vfs)} are used"))
        else:
            wrong = [f"{d.address} {d.status}" for d in [pf] + vfs if d.status != "available"]
            if wrong:
                found.append(Finding("disagree", pf_address, f"nothing in the family used, yet {', '.join(wrong)}"))
    return found


def _servers_and_domains(world):
    found = []
    for server in sorted(world.servers.values(), key=lambda s: s["id"]):
        if server["status"] == "BUILD":
            found.append(Finding("disagree", server["id"], "still BUILD with nothing in flight"))
        if server["status"] in ("ACTIVE", "PAUSED", "SHUTOFF", "SUSPENDED") and server["id"] not in world.domains:
            found.append(Finding("disagree", server["id"], f"{server['status']} without a domain"))
    for uuid in sorted(set(world.domains) - set(world.servers)):
        found.append(Finding("disagree", uuid, "a domain of no server"))
    return found


def count(found, kind):
    """How many devices (or servers, ports) have a finding of `kind`."""
    return len({finding.subject for finding in found if finding.kind == kind})


def failing(found):
    return [finding for finding in found if finding.kind in FAILING_KINDS]
