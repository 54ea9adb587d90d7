import Foundation
import GRDB

public enum JournalRecords {
    /// Inserts or replaces the entry (each step rewrites it).
    public static func save(_ entry: JournalEntry, in db: Database) throws {
        var entry = entry
        entry.updatedAt = Date()
        try db.cachedStatement(sql: """
                INSERT INTO journal (id, kind, server_id, port_id, state, entry, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, entry = excluded.entry, updated_at = excluded.updated_at
                """).execute(arguments: [entry.id.uuidString, entry.kind.rawValue, entry.serverID.uuidString, entry.portID, entry.state.rawValue,
                        try JSONColumn.encode(entry), DatabaseTimestamp(entry.createdAt), DatabaseTimestamp(entry.updatedAt)])
    }

    public static func fetch(_ id: UUID, in db: Database) throws -> JournalEntry? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT entry FROM journal WHERE id = ?"), arguments: [id.uuidString])
            .map { try JSONColumn.decode(JournalEntry.self, from: $0) }
    }

    /// Entries still in flight, oldest first: what start-up recovery resolves.
    public static func open(in db: Database) throws -> [JournalEntry] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT entry FROM journal WHERE state = 'open' ORDER BY created_at, rowid"))
            .map { try JSONColumn.decode(JournalEntry.self, from: $0) }
    }

    /// Quarantined rows, oldest first: what the retries take up when due.
    public static func quarantined(in db: Database) throws -> [JournalEntry] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT entry FROM journal WHERE state = 'quarantined' ORDER BY created_at, rowid"))
            .map { try JSONColumn.decode(JournalEntry.self, from: $0) }
    }

    /// The rows still in flight or waiting for a retry: the audit and the orphan sweep
    /// leave the devices these name to their operation.
    public static func unfinished(in db: Database) throws -> [JournalEntry] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT entry FROM journal WHERE state IN ('open', 'quarantined') ORDER BY created_at, rowid"))
            .map { try JSONColumn.decode(JournalEntry.self, from: $0) }
    }

    /// Ends the quarantined rows of a port's earlier release on this server: a new detach
    /// (or a delete) of the port takes the release over, so the retry must not run too.
    public static func supersede(portID: String, serverID: UUID, by requestID: String, in db: Database) throws {
        let rows = try String.fetchAll(db.cachedStatement(sql: "SELECT entry FROM journal WHERE state = 'quarantined' AND port_id = ? AND server_id = ?"),
                                       arguments: [portID, serverID.uuidString])
        for text in rows {
            var row = try JSONColumn.decode(JournalEntry.self, from: text)
            row.state = .failed
            row.retry = nil
            row.details["superseded_by"] = requestID
            try save(row, in: db)
        }
    }
}
