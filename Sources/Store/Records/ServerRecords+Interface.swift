import ComputeModel
import Foundation

extension ServerRecords {
    /// The server and the interface row of `portID` (whichever server it names), in one
    /// statement: a detach reads both at its start, and on PostgreSQL each statement is a
    /// round trip. Nil when there is no such server; the interface is nil
    /// when the port has no row (or no port is given).
    public static func fetch(_ id: UUID, interfaceOf portID: String?, in db: StoreTransaction) throws -> (server: Server, interface: VirtualInterface?)? {
        let sql = "SELECT s.server, \(VIFRecords.columns(as: "v")) FROM servers s LEFT JOIN vifs v ON v.port_id = ? WHERE s.id = ?"
        return try db.fetchOne(sql, [StoreValue(portID), StoreValue(id)]) { row in
            let server = try document(row)
            let interface = OffsetRow(base: row, offset: 1)
            return (server, try interface.string(0) == nil ? nil : try VIFRecords.interface(interface))
        }
    }

    /// The server, its flavor and the interface row of `portID`, in one statement: what an
    /// attach reads at its start. The flavor is nil when it is gone (deleted since the
    /// server was created).
    public static func fetch(
        _ id: UUID, flavorAndInterfaceOf portID: String?, in db: StoreTransaction
    ) throws -> (server: Server, flavor: Flavor?, interface: VirtualInterface?)? {
        let sql = """
            SELECT s.server, f.flavor, \(VIFRecords.columns(as: "v")) FROM servers s LEFT JOIN flavors f ON f.id = s.flavor_id
            LEFT JOIN vifs v ON v.port_id = ? WHERE s.id = ?
            """
        return try db.fetchOne(sql, [StoreValue(portID), StoreValue(id)]) { row in
            let server = try document(row)
            let flavor = try row.string(1).map(FlavorRecords.document)
            let interface = OffsetRow(base: row, offset: 2)
            return (server, flavor, try interface.string(0) == nil ? nil : try VIFRecords.interface(interface))
        }
    }
}
