import GRDB
@testable import SQLiteStore
import Store

extension SQLiteSchema {
    /// A database file in `folder` at schema `version` (the migrations up to it only),
    /// holding what `fill` writes as that version's binary did, then opened as the store
    /// this binary opens (which migrates it): the migration tests' starting point.
    static func store(in folder: String, at version: String, holding fill: @escaping @Sendable (Database) throws -> Void) async throws -> SQLiteStore {
        let path = folder + "/sriov.sqlite"
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        register(in: &migrator)
        try migrator.migrate(queue, upTo: version)
        try await queue.write(fill)
        try queue.close()
        return try SQLiteStore.open(path: path)
    }
}
