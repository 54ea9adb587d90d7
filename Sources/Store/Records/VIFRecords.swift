import Foundation
import GRDB

public enum VIFRecords {
    public static func insert(_ vif: VirtualInterface, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO vifs (port_id, server_id, vif, created_at) VALUES (?, ?, ?, ?)").execute(arguments: [vif.portID, vif.serverID.uuidString, try JSONColumn.encode(vif), DatabaseTimestamp(Date())])
    }

    /// Inserts the interface or replaces the port's row (a quarantine recording what an
    /// attach had not committed yet).
    public static func save(_ vif: VirtualInterface, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO vifs (port_id, server_id, vif, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(port_id) DO UPDATE SET server_id = excluded.server_id, vif = excluded.vif
            """).execute(arguments: [vif.portID, vif.serverID.uuidString, try JSONColumn.encode(vif), DatabaseTimestamp(Date())])
    }

    public static func delete(portID: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM vifs WHERE port_id = ?").execute(arguments: [portID])
    }

    public static func fetch(portID: String, in db: Database) throws -> VirtualInterface? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT vif FROM vifs WHERE port_id = ?"), arguments: [portID])
            .map { try JSONColumn.decode(VirtualInterface.self, from: $0) }
    }

    public static func fetchAll(serverID: UUID, in db: Database) throws -> [VirtualInterface] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT vif FROM vifs WHERE server_id = ? ORDER BY created_at, rowid"), arguments: [serverID.uuidString])
            .map { try JSONColumn.decode(VirtualInterface.self, from: $0) }
    }

    public static func fetchAll(in db: Database) throws -> [VirtualInterface] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT vif FROM vifs ORDER BY created_at, rowid"))
            .map { try JSONColumn.decode(VirtualInterface.self, from: $0) }
    }
}
