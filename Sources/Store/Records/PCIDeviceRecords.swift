import Foundation
import PCI

/// The device ledger, one row per device of a host, every field in a column of its own. Written
/// only together with the journal row of the operation that changed the devices (DESIGN
/// §2.1): callers pass `engine.drainChanges()` inside the same transaction. Every query names
/// its host: a host writes only its own rows (issue 12: one transaction on one host's rows).
public enum PCIDeviceRecords {
    static let columns = """
        address, vendor_id, product_id, device_type, status, numa_node, parent_address, instance_uuid, request_id, tags,
        netdev_name, mac_address, parent_ifname, pf_mac_address, vf_number, card_serial_number, vdpa_name,
        quarantine_reason, quarantined_at, remove_when_freed
        """

    /// Devices per upsert statement: 22 values each, within SQLite's 32,766 and PostgreSQL's
    /// 65,535 parameters.
    static let devicesPerStatement = 500

    /// Writes the devices, several to a statement (a claim's device and its parent are one
    /// statement, not two). A device listed twice is written once, as its last listing.
    public static func upsert(_ devices: [PCIDevice], host: String, in db: StoreTransaction) throws {
        let now = Date()
        var seen = Set<PCIAddress>()
        let unique = devices.reversed().filter { seen.insert($0.address).inserted }.reversed() as [PCIDevice]
        var start = 0
        while start < unique.count {
            let chunk = unique[start..<min(start + devicesPerStatement, unique.count)]
            start += chunk.count
            let row = "(" + Array(repeating: "?", count: 22).joined(separator: ", ") + ")"
            var arguments: [StoreValue] = []
            arguments.reserveCapacity(chunk.count * 22)
            for device in chunk {
                arguments += [
                    .text(host), .text(device.address.description), .text(device.vendorID), .text(device.productID), .text(device.type.rawValue),
                    .text(device.status.rawValue), StoreValue(device.numaNode), StoreValue(device.parentAddress?.description),
                    StoreValue(device.instanceUUID), StoreValue(device.requestID), .text(device.storedTags),
                    StoreValue(device.netdevName), StoreValue(device.macAddress), StoreValue(device.parentIfname), StoreValue(device.pfMACAddress),
                    StoreValue(device.vfNumber), StoreValue(device.cardSerialNumber), StoreValue(device.vdpaName),
                    StoreValue(device.quarantineReason), StoreValue(device.quarantinedAt), StoreValue(device.removeWhenFreed), .date(now),
                ]
            }
            try db.send("""
                INSERT INTO pci_devices (host, \(columns), updated_at)
                VALUES \(Array(repeating: row, count: chunk.count).joined(separator: ", "))
                ON CONFLICT (host, address) DO UPDATE SET vendor_id = excluded.vendor_id, product_id = excluded.product_id,
                    device_type = excluded.device_type, status = excluded.status, numa_node = excluded.numa_node,
                    parent_address = excluded.parent_address, instance_uuid = excluded.instance_uuid, request_id = excluded.request_id,
                    tags = excluded.tags, netdev_name = excluded.netdev_name, mac_address = excluded.mac_address,
                    parent_ifname = excluded.parent_ifname, pf_mac_address = excluded.pf_mac_address, vf_number = excluded.vf_number,
                    card_serial_number = excluded.card_serial_number, vdpa_name = excluded.vdpa_name,
                    quarantine_reason = excluded.quarantine_reason, quarantined_at = excluded.quarantined_at,
                    remove_when_freed = excluded.remove_when_freed, updated_at = excluded.updated_at
                """, arguments)
        }
    }

    public static func fetchAll(host: String, in db: StoreTransaction) throws -> [PCIDevice] {
        try db.fetchAll("SELECT \(columns) FROM pci_devices WHERE host = ? ORDER BY address", [.text(host)], device)
    }

    /// Every host's devices in one query, by host: what placement weighs the hosts by.
    public static func fetchAllByHost(in db: StoreTransaction) throws -> [String: [PCIDevice]] {
        let rows = try db.fetchAll("SELECT \(columns), host FROM pci_devices ORDER BY host, address", []) { row in
            (try row.required(20, "a device's host"), try device(row))
        }
        return Dictionary(grouping: rows, by: \.0).mapValues { $0.map(\.1) }
    }

    public static func delete(_ address: PCIAddress, host: String, in db: StoreTransaction) throws {
        try db.send("DELETE FROM pci_devices WHERE host = ? AND address = ?", [.text(host), .text(address.description)])
    }

    /// One row in `columns` order; a value the device cannot hold is an error naming the row.
    static func device(_ row: any StoreRow) throws -> PCIDevice {
        let text = try row.required(0, "a device's address")
        func unreadable(_ field: String) -> StoreError { .unreadable("device \(text) (\(field))") }
        guard let address = PCIAddress(text) else { throw unreadable("address") }
        guard let type = PCIDeviceType(rawValue: try row.required(3, "device \(text)")) else { throw unreadable("device_type") }
        guard let status = PCIDeviceStatus(rawValue: try row.required(4, "device \(text)")) else { throw unreadable("status") }
        let parent = try row.string(6)
        guard parent == nil || PCIAddress(parent!) != nil else { throw unreadable("parent_address") }
        let tagsText = try row.required(9, "device \(text)")
        let tags = try PCIDevice.tags(storedJSON: tagsText) ?? JSONColumn.decode([String: TagValue].self, from: tagsText)
        var device = PCIDevice(
            address: address, vendorID: try row.required(1, "device \(text)"), productID: try row.required(2, "device \(text)"), type: type,
            status: status, numaNode: try row.int(5), parentAddress: parent.flatMap(PCIAddress.init), tags: tags,
            netdevName: try row.string(10), macAddress: try row.string(11), parentIfname: try row.string(12), pfMACAddress: try row.string(13),
            vfNumber: try row.int(14), cardSerialNumber: try row.string(15), vdpaName: try row.string(16))
        device.instanceUUID = try row.uuid(7)
        device.requestID = try row.uuid(8)
        device.quarantineReason = try row.string(17)
        device.quarantinedAt = try row.date(18)
        device.removeWhenFreed = try row.int(19) == 1
        return device
    }
}

/// The host's NUMA topology, recorded at start-up.
public enum HostRecords {
    public static func upsert(name: String, numa: HostNUMATopology, in db: StoreTransaction) throws {
        try db.send("""
            INSERT INTO hosts (name, numa_topology, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET numa_topology = excluded.numa_topology, updated_at = excluded.updated_at
            """, [.text(name), .text(try JSONColumn.encode(numa)), .date(Date())])
    }

    /// Every host's NUMA topology, by host name.
    public static func numaTopologies(in db: StoreTransaction) throws -> [String: HostNUMATopology] {
        let rows = try db.fetchAll("SELECT name, numa_topology FROM hosts", []) { row in
            (try row.required(0, "a host's name"), try JSONColumn.decode(HostNUMATopology.self, from: try row.required(1, "a host's NUMA topology")))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    public static func numaTopology(of name: String, in db: StoreTransaction) throws -> HostNUMATopology? {
        try db.documents(HostNUMATopology.self, "SELECT numa_topology FROM hosts WHERE name = ?", [.text(name)]).first
    }
}
