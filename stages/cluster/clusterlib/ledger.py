"""The ledger invariants across the hosts of one cluster, read from outside: every host's
device rows, the servers and their hosts, the interfaces and the journal from the shared
PostgreSQL, and every port from the one network (host 1's Networking API). Each finding is a
sentence; an empty list means:

- every allocated device is owned by a live server of its own host, through exactly one
  interface of that server naming its address (nothing leaked, nothing double-owned);
- every interface with a device names a device of its server's host allocated to it;
- every port bound by compute is bound to the host of the server it names, which has an
  interface for it, and its `pci_slot` is that interface's device;
- every interface's port is bound to its server's host for that server;
- a PF with a VF in use is not free, and nothing is left claimed, detaching or quarantined.
"""
from collections import defaultdict


def snapshot(cluster, network):
    """What the checks read: (devices, servers, vifs, open journal rows, ports)."""
    devices = [dict(zip(("host", "address", "type", "status", "owner", "parent"), row)) for row in cluster.psql(
        "SELECT host, address, device_type, status, lower(coalesce(instance_uuid, '')), coalesce(parent_address, '') FROM pci_devices")]
    servers = {row[0]: {"host": row[1], "vm_state": row[2]} for row in cluster.psql(
        "SELECT lower(id), coalesce(host, ''), vm_state FROM servers")}
    vifs = [dict(zip(("port", "server", "slot", "vnic"), row)) for row in cluster.psql(
        "SELECT port_id, lower(server_id), coalesce(pci_slot, ''), vnic_type FROM vifs")]
    unsettled = cluster.psql("SELECT kind, step, state, lower(server_id) FROM journal WHERE state IN ('open', 'quarantined')")
    ports = network.ports()
    return devices, servers, vifs, unsettled, ports


def findings(cluster, network):
    return findings_in(*snapshot(cluster, network))


def findings_in(devices, servers, vifs, unsettled, ports):
    """The checks on one snapshot (pure: stages/cluster/test_ledger_checks.py feeds it
    hand-made worlds)."""
    found = []
    by_key = {(device["host"], device["address"]): device for device in devices}
    vifs_by_device = defaultdict(list)
    for vif in vifs:
        server = servers.get(vif["server"])
        if server is None:
            found.append(f"interface of port {vif['port']} names server {vif['server']}, which does not exist")
            continue
        if vif["slot"]:
            device = by_key.get((server["host"], vif["slot"]))
            vifs_by_device[(server["host"], vif["slot"])].append(vif)
            if device is None:
                found.append(f"interface of port {vif['port']} names {vif['slot']}, which {server['host']} does not have")
            elif device["status"] != "allocated" or device["owner"] != vif["server"]:
                found.append(f"interface of port {vif['port']} (server {vif['server']} on {server['host']}) names {vif['slot']}, "
                             f"which is {device['status']} to {device['owner'] or 'nobody'}")

    for device in devices:
        where = f"{device['host']} {device['address']}"
        if device["status"] in ("claimed", "detaching", "quarantined"):
            found.append(f"{where} is left {device['status']} (owner {device['owner'] or 'nobody'})")
        if device["status"] != "allocated":
            continue
        server = servers.get(device["owner"])
        if server is None:
            found.append(f"{where} is allocated to {device['owner']}, which does not exist (leaked)")
        elif server["host"] != device["host"]:
            found.append(f"{where} is allocated to {device['owner']}, a server of {server['host']} (double-owned across hosts)")
        holders = vifs_by_device.get((device["host"], device["address"]), [])
        if len(holders) != 1:
            found.append(f"{where} is allocated to {device['owner']} through {len(holders)} interfaces (leaked or double-owned)")
        if device["parent"]:
            parent = by_key.get((device["host"], device["parent"]))
            if parent is not None and parent["status"] == "available":
                found.append(f"{where} is in use while its PF {device['parent']} is available")

    vif_by_port = {vif["port"]: vif for vif in vifs}
    for port in ports:
        bound_host = port.get("binding:host_id") or ""
        owner = (port.get("device_owner") or "")
        if not bound_host or not owner.startswith("compute:"):
            continue
        server_id = (port.get("device_id") or "").lower()
        server = servers.get(server_id)
        if server is None:
            found.append(f"port {port['id']} is bound to {bound_host} for {server_id}, which does not exist")
            continue
        if server["host"] != bound_host:
            found.append(f"port {port['id']} is bound to {bound_host} for a server of {server['host']}")
        vif = vif_by_port.get(port["id"])
        if vif is None or vif["server"] != server_id:
            found.append(f"port {port['id']} is bound for {server_id}, which has no interface for it")
        slot = (port.get("binding:profile") or {}).get("pci_slot")
        if vif is not None and slot != (vif["slot"] or None):
            found.append(f"port {port['id']}'s pci_slot {slot} is not its interface's device {vif['slot'] or None}")

    ports_by_id = {port["id"]: port for port in ports}
    for vif in vifs:
        server = servers.get(vif["server"])
        port = ports_by_id.get(vif["port"])
        if server is None:
            continue
        if port is None:
            found.append(f"interface of server {vif['server']} names port {vif['port']}, which the network does not have")
        elif port.get("binding:host_id") != server["host"] or (port.get("device_id") or "").lower() != vif["server"]:
            found.append(f"port {vif['port']} of server {vif['server']} on {server['host']} is bound to "
                         f"{port.get('binding:host_id') or 'no host'} for {port.get('device_id') or 'nobody'}")
    for kind, step, state, server in unsettled:
        found.append(f"journal: {kind} of {server} at {step} is still {state}")
    return found


def allocated_per_host(cluster):
    """host → (VFs allocated, VFs in all)."""
    counts = {}
    for host, allocated, total in cluster.psql(
            "SELECT host, count(*) FILTER (WHERE status = 'allocated'), count(*) FROM pci_devices "
            "WHERE device_type = 'type-VF' GROUP BY host"):
        counts[host] = (int(allocated), int(total))
    return counts
