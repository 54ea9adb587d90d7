import Foundation
import GRDB
import Store

/// The compute store in SQLite, through GRDB: WAL mode (readers never block the one writer)
/// and `synchronous = FULL`, so a committed ledger transition survives power loss and
/// `kill -9`, which is the whole point of the ledger. The embedded network keeps its own
/// tables in the same file (`writer`), through GRDB directly.
public final class SQLiteStore: ComputeStore {
    /// The GRDB database, for the embedded network and the migrations.
    public let writer: any DatabaseWriter
    public let location: String

    init(writer: any DatabaseWriter, location: String) {
        self.writer = writer
        self.location = location
    }

    /// A file-backed pool, migrated (with the callers' own migrations, the embedded
    /// network's). Creates parent folders as needed.
    public static func open(path: String, extra: (inout DatabaseMigrator) -> Void = { _ in }) throws -> SQLiteStore {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let store = SQLiteStore(writer: try DatabasePool(path: path, configuration: configuration()), location: path)
        try SQLiteSchema.migrate(store.writer, extra: extra)
        return store
    }

    /// An in-memory database for tests that need no file, migrated.
    public static func inMemory(extra: (inout DatabaseMigrator) -> Void = { _ in }) throws -> SQLiteStore {
        let store = SQLiteStore(writer: try DatabaseQueue(configuration: configuration()), location: ":memory:")
        try SQLiteSchema.migrate(store.writer, extra: extra)
        return store
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    public func readNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try writer.read { db in try body(StoreTransaction(SQLiteExecutor(db: db))) }
    }

    public func writeNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try writer.write { db in try body(StoreTransaction(SQLiteExecutor(db: db))) }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await writer.read { db in try body(StoreTransaction(SQLiteExecutor(db: db))) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await writer.write { db in try body(StoreTransaction(SQLiteExecutor(db: db))) }
    }

    public func close() async {}
}
