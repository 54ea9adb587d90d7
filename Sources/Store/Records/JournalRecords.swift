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
                        try JSONColumn.encode(entry), entry.createdAt, entry.updatedAt])
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
}
