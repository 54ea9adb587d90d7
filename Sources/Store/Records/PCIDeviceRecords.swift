import Foundation
import GRDB
import PCI

/// The device ledger. Written only together with the journal row of the operation that
/// changed the devices (DESIGN §2.1): callers pass `engine.drainChanges()` inside the same
/// transaction.
public enum PCIDeviceRecords {
    public static func upsert(_ devices: [PCIDevice], host: String, in db: Database) throws {
        let now = DatabaseTimestamp(Date())
        for device in devices {
            try db.cachedStatement(sql: """
                    INSERT INTO pci_devices (host, address, status, instance_uuid, request_id, device, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(host, address) DO UPDATE SET status = excluded.status,
                        instance_uuid = excluded.instance_uuid, request_id = excluded.request_id,
                        device = excluded.device, updated_at = excluded.updated_at
                    """).execute(arguments: [host, device.address.description, device.status.rawValue, device.instanceUUID?.uuidString,
                            device.requestID?.uuidString, device.storedJSON, now])
        }
    }

    public static func fetchAll(host: String, in db: Database) throws -> [PCIDevice] {
        let rows = try String.fetchAll(db.cachedStatement(sql: "SELECT device FROM pci_devices WHERE host = ? ORDER BY address"), arguments: [host])
        // Read on every CPU (16,000 rows are a tenth of a restart); the first row that
        // cannot be read, in address order, is the error.
        return try ConcurrentMap.map(rows) { row in
            Result { try PCIDevice(storedJSON: row) ?? JSONColumn.decode(PCIDevice.self, from: row) }
        }.map { try $0.get() }
    }

    public static func delete(_ address: PCIAddress, host: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM pci_devices WHERE host = ? AND address = ?").execute(arguments: [host, address.description])
    }
}

/// The host's NUMA topology, recorded at start-up.
public enum HostRecords {
    public static func upsert(name: String, numa: HostNUMATopology, in db: Database) throws {
        try db.cachedStatement(sql: """
                INSERT INTO hosts (name, numa_topology, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET numa_topology = excluded.numa_topology, updated_at = excluded.updated_at
                """).execute(arguments: [name, try JSONColumn.encode(numa), DatabaseTimestamp(Date())])
    }

    public static func numaTopology(of name: String, in db: Database) throws -> HostNUMATopology? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT numa_topology FROM hosts WHERE name = ?"), arguments: [name])
            .map { try JSONColumn.decode(HostNUMATopology.self, from: $0) }
    }
}
