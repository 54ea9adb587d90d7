import Foundation
import PCI

/// The interfaces plugged into servers, every field in a column of its own.
public enum VIFRecords {
    static let columns = """
        port_id, server_id, network_id, mac_address, vnic_type, pci_slot, pci_request_id, vlan, source_device, tag, profile_keys,
        port_created_by_compute
        """

    public static func insert(_ vif: VirtualInterface, in db: StoreTransaction) throws {
        try db.send("INSERT INTO vifs (\(columns), created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values(of: vif))
    }

    /// Inserts the interface or replaces the port's row (a quarantine recording what an
    /// attach had not committed yet).
    public static func save(_ vif: VirtualInterface, in db: StoreTransaction) throws {
        try db.send("""
            INSERT INTO vifs (\(columns), created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (port_id) DO UPDATE SET server_id = excluded.server_id, network_id = excluded.network_id,
                mac_address = excluded.mac_address, vnic_type = excluded.vnic_type, pci_slot = excluded.pci_slot,
                pci_request_id = excluded.pci_request_id, vlan = excluded.vlan, source_device = excluded.source_device,
                tag = excluded.tag, profile_keys = excluded.profile_keys, port_created_by_compute = excluded.port_created_by_compute
            """, values(of: vif))
    }

    public static func delete(portID: String, in db: StoreTransaction) throws {
        try db.send("DELETE FROM vifs WHERE port_id = ?", [.text(portID)])
    }

    /// Deletes the port's row only while it is `serverID`'s (the port may have been
    /// detached and attached elsewhere since), in one statement that nobody waits for.
    public static func delete(portID: String, serverID: UUID, in db: StoreTransaction) throws {
        try db.send("DELETE FROM vifs WHERE port_id = ? AND server_id = ?", [.text(portID), StoreValue(serverID)])
    }

    public static func fetch(portID: String, in db: StoreTransaction) throws -> VirtualInterface? {
        try db.fetchOne("SELECT \(columns) FROM vifs WHERE port_id = ?", [.text(portID)], interface)
    }

    public static func fetchAll(serverID: UUID, in db: StoreTransaction) throws -> [VirtualInterface] {
        try db.fetchAll("SELECT \(columns) FROM vifs WHERE server_id = ? ORDER BY created_at, \(db.insertionOrder)", [StoreValue(serverID)], interface)
    }

    /// The interfaces of one host's servers.
    public static func fetchAll(host: String, in db: StoreTransaction) throws -> [VirtualInterface] {
        try db.fetchAll("SELECT \(columns) FROM vifs WHERE server_id IN (SELECT id FROM servers WHERE host = ?) ORDER BY created_at, \(db.insertionOrder)",
                        [.text(host)], interface)
    }

    public static func fetchAll(in db: StoreTransaction) throws -> [VirtualInterface] {
        try db.fetchAll("SELECT \(columns) FROM vifs ORDER BY created_at, \(db.insertionOrder)", [], interface)
    }

    /// The binding:profile keys are names this service writes (`pci_slot`, `physical_network`…),
    /// never with a comma: one text column, comma-separated. `port_created_by_compute` is
    /// null in rows written before it existed (a port the user brought), else 0 or 1.
    static func values(of vif: VirtualInterface) -> [StoreValue] {
        [.text(vif.portID), StoreValue(vif.serverID), .text(vif.networkID), .text(vif.macAddress), .text(vif.vnicType),
         StoreValue(vif.pciSlot?.description), StoreValue(vif.pciRequestID), StoreValue(vif.vlan), StoreValue(vif.sourceDevice),
         StoreValue(vif.tag), .text(vif.profileKeys.joined(separator: ",")), vif.portCreatedByCompute.map(StoreValue.init) ?? .null, .date(Date())]
    }

    static func interface(_ row: any StoreRow) throws -> VirtualInterface {
        let portID = try row.required(0, "an interface's port")
        let slot = try row.string(5)
        guard let serverID = try row.uuid(1), slot == nil || PCIAddress(slot!) != nil else {
            throw StoreError.unreadable("interface of port \(portID)")
        }
        let keys = try row.required(10, "interface of port \(portID)")
        return VirtualInterface(
            portID: portID, serverID: serverID, networkID: try row.required(2, "interface of port \(portID)"),
            macAddress: try row.required(3, "interface of port \(portID)"), vnicType: try row.required(4, "interface of port \(portID)"),
            pciSlot: slot.flatMap(PCIAddress.init), pciRequestID: try row.uuid(6), vlan: try row.int(7), sourceDevice: try row.string(8),
            tag: try row.string(9), profileKeys: keys.isEmpty ? [] : keys.split(separator: ",").map(String.init),
            portCreatedByCompute: try row.int(11).map { $0 == 1 })
    }
}
