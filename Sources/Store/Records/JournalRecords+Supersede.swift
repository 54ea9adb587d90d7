import Foundation

extension JournalRecords {
    /// The quarantined rows of a port's earlier releases on `serverID`: what a new detach
    /// or delete of the port supersedes.
    public static func quarantined(portID: String, serverID: UUID, in db: StoreTransaction) throws -> [JournalEntry] {
        try db.fetchAll("SELECT \(columns) FROM journal WHERE state = 'quarantined' AND port_id = ? AND server_id = ?",
                        [.text(portID), StoreValue(serverID)], entry)
    }

    /// The port's interface row (whichever server it names) and `quarantined(portID:serverID:)`,
    /// in one statement: a detach reads both before it writes, and on PostgreSQL each
    /// statement is a round trip.
    public static func interfaceAndQuarantined(
        portID: String, serverID: UUID, in db: StoreTransaction
    ) throws -> (interface: VirtualInterface?, quarantined: [JournalEntry]) {
        // One row per quarantined row (the interface's columns repeated on each), or one
        // row of the interface alone (nulls for the journal) when there is none.
        let sql = """
            SELECT \(VIFRecords.columns(as: "v")), \(columns(as: "j")) FROM (SELECT 1 AS anchor) AS one
            LEFT JOIN vifs v ON v.port_id = ?
            LEFT JOIN journal j ON j.state = 'quarantined' AND j.port_id = ? AND j.server_id = ?
            """
        let interfaceWidth = VIFRecords.columns.split(separator: ",").count
        let rows = try db.fetchAll(sql, [.text(portID), .text(portID), StoreValue(serverID)]) { row in
            let journal = OffsetRow(base: row, offset: interfaceWidth)
            return (interface: try row.string(0) == nil ? nil : try VIFRecords.interface(row),
                    quarantined: try journal.string(0) == nil ? nil : try entry(journal))
        }
        return (rows.first?.interface ?? nil, rows.compactMap(\.quarantined))
    }

    /// Ends the quarantined rows of a port's earlier release on this server: a new detach
    /// (or a delete) of the port takes the release over, so the retry must not run too.
    public static func supersede(portID: String, serverID: UUID, by requestID: String, in db: StoreTransaction) throws {
        try supersede(try quarantined(portID: portID, serverID: serverID, in: db), by: requestID, in: db)
    }

    /// Ends `rows` (read in this transaction), each saying which request took it over.
    public static func supersede(_ rows: [JournalEntry], by requestID: String, in db: StoreTransaction) throws {
        for var row in rows {
            row.state = .failed
            row.retry = nil
            row.details["superseded_by"] = requestID
            try save(row, in: db)
        }
    }
}
