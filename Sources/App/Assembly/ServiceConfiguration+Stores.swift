import EmbeddedNetwork
import Logging
import PostgresStore
import SQLiteStore
import Store

extension ServiceConfiguration {
    /// The stores the configuration names: the SQLite file (`sqlite:PATH`), migrated with the
    /// embedded network's tables, which stay in SQLite whatever the compute store is; and the
    /// compute store, that file or the PostgreSQL of `[database] url` (retried at start-up:
    /// `PostgresStore.open`).
    public func openStores(logger: Logger) async throws -> (compute: any ComputeStore, sqlite: SQLiteStore) {
        let sqlite = try SQLiteStore.open(path: databasePath) { migrator in EmbeddedNetworkService.registerMigrations(in: &migrator) }
        guard let url = databaseURL else { return (sqlite, sqlite) }
        return (try await PostgresStore.open(url, poolSize: databasePoolSize, schema: databaseSchema, logger: logger), sqlite)
    }
}
