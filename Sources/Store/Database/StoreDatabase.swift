import Foundation
import GRDB

/// Opens the service's SQLite database: WAL mode (readers never block the one writer) and
/// `synchronous = FULL`, so a committed ledger transition survives power loss and
/// `kill -9`, which is the whole point of the ledger.
public enum StoreDatabase {
    /// A file-backed pool. Creates parent folders as needed.
    public static func open(path: String) throws -> DatabasePool {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        return try DatabasePool(path: path, configuration: configuration())
    }

    /// An in-memory database for tests that need no file.
    public static func inMemory() throws -> DatabaseQueue {
        try DatabaseQueue(configuration: configuration())
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
}
