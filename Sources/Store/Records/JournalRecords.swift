import Foundation
import JSONModel

/// The operation journal, its fields in columns (the retry schedule too); only what is
/// never queried, the free-form details and the release plan, is a JSON document.
public enum JournalRecords {
    static let columns = """
        id, kind, server_id, port_id, step, state, request_id, details, plan, retry_attempts, retry_next_at, retry_reason, created_at, updated_at
        """

    /// Inserts or replaces the entry (each step rewrites it). A new row's host is its
    /// server's host, read in the same statement: the row keeps it after the server is gone.
    public static func save(_ entry: JournalEntry, in db: StoreTransaction) throws {
        try save(entry, withHost: true, in: db)
    }

    /// As schema 2 has the table, without `host`: the store-v2 conversion's rows, which
    /// store-v4 gives their server's host.
    public static func saveInSchema2(_ entry: JournalEntry, in db: StoreTransaction) throws {
        try save(entry, withHost: false, in: db)
    }

    private static func save(_ entry: JournalEntry, withHost: Bool, in db: StoreTransaction) throws {
        var entry = entry
        entry.updatedAt = Date()
        let host = withHost ? (", host", ", (SELECT host FROM servers WHERE id = ?)") : ("", "")
        try db.send("""
            INSERT INTO journal (\(columns)\(host.0)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?\(host.1))
            ON CONFLICT (id) DO UPDATE SET step = excluded.step, state = excluded.state, details = excluded.details,
                plan = excluded.plan, retry_attempts = excluded.retry_attempts, retry_next_at = excluded.retry_next_at,
                retry_reason = excluded.retry_reason, updated_at = excluded.updated_at
            """, [
                StoreValue(entry.id), .text(entry.kind.rawValue), StoreValue(entry.serverID), StoreValue(entry.portID), .text(entry.step),
                .text(entry.state.rawValue), .text(entry.requestID), .text(JSON.object(entry.details.mapValues(JSON.string)).rendered),
                StoreValue(entry.plan?.storedJSON), StoreValue(entry.retry?.attempts), StoreValue(entry.retry?.nextAttemptAt),
                StoreValue(entry.retry?.lastReason), .date(entry.createdAt), .date(entry.updatedAt),
            ] + (withHost ? [StoreValue(entry.serverID)] : []))
    }

    public static func fetch(_ id: UUID, in db: StoreTransaction) throws -> JournalEntry? {
        try db.fetchOne("SELECT \(columns) FROM journal WHERE id = ?", [StoreValue(id)], entry)
    }

    /// One host's entries still in flight, oldest first: what its start-up recovery resolves.
    public static func open(host: String, in db: StoreTransaction) throws -> [JournalEntry] {
        try rows(in: "'open'", host: host, db)
    }

    /// One host's quarantined rows, oldest first: what its retries take up when due.
    public static func quarantined(host: String, in db: StoreTransaction) throws -> [JournalEntry] {
        try rows(in: "'quarantined'", host: host, db)
    }

    /// One host's rows still in flight or waiting for a retry: its audit and orphan sweep
    /// leave the devices these name to their operation.
    public static func unfinished(host: String, in db: StoreTransaction) throws -> [JournalEntry] {
        try rows(in: "'open', 'quarantined'", host: host, db)
    }

    /// Every host's open rows (tests and tools that look at the whole database).
    public static func open(in db: StoreTransaction) throws -> [JournalEntry] { try rows(in: "'open'", host: nil, db) }

    /// Every host's quarantined rows.
    public static func quarantined(in db: StoreTransaction) throws -> [JournalEntry] { try rows(in: "'quarantined'", host: nil, db) }

    /// Every host's unfinished rows.
    public static func unfinished(in db: StoreTransaction) throws -> [JournalEntry] { try rows(in: "'open', 'quarantined'", host: nil, db) }

    /// Gives `host` the rows without one: rows whose server was gone before store-v4 named
    /// each row's host. Only a single host wrote a database before that schema, so they
    /// are the first host's to register after the upgrade.
    public static func adoptUnowned(host: String, in db: StoreTransaction) throws {
        try db.send("UPDATE journal SET host = ? WHERE host IS NULL", [.text(host)])
    }

    private static func rows(in states: String, host: String?, _ db: StoreTransaction) throws -> [JournalEntry] {
        let order = "ORDER BY created_at, \(db.insertionOrder)"
        guard let host else { return try db.fetchAll("SELECT \(columns) FROM journal WHERE state IN (\(states)) \(order)", [], entry) }
        return try db.fetchAll("SELECT \(columns) FROM journal WHERE state IN (\(states)) AND host = ? \(order)", [.text(host)], entry)
    }

    /// One row in `columns` order; a value the entry cannot hold is an error naming the row.
    static func entry(_ row: any StoreRow) throws -> JournalEntry {
        let idText = try row.required(0, "a journal row's id")
        func unreadable(_ field: String) -> StoreError { .unreadable("journal row \(idText) (\(field))") }
        guard let id = UUID(uuidString: idText) else { throw unreadable("id") }
        guard let kind = JournalEntry.Kind(rawValue: try row.required(1, "journal row \(idText)")) else { throw unreadable("kind") }
        guard let serverID = try row.uuid(2) else { throw unreadable("server_id") }
        guard let state = JournalEntry.State(rawValue: try row.required(5, "journal row \(idText)")) else { throw unreadable("state") }
        guard let createdAt = try row.date(12), let updatedAt = try row.date(13) else { throw unreadable("created_at/updated_at") }
        var entry = JournalEntry(
            id: id, kind: kind, serverID: serverID, portID: try row.string(3), step: try row.required(4, "journal row \(idText)"), state: state,
            details: try JSONColumn.decode([String: String].self, from: try row.required(7, "journal row \(idText)")),
            requestID: try row.required(6, "journal row \(idText)"),
            plan: try row.string(8).map { try JSONColumn.decode(ReleasePlan.self, from: $0) }, createdAt: createdAt, updatedAt: updatedAt)
        if let attempts = try row.int(9) {
            guard let next = try row.date(10), let reason = try row.string(11) else { throw unreadable("retry") }
            entry.retry = RetrySchedule(attempts: attempts, nextAttemptAt: next, lastReason: reason)
        }
        return entry
    }
}
