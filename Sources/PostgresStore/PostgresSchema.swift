import Store

/// The compute store's PostgreSQL schema: `store-v2` (the same version as SQLite's column
/// schema) and `store-v3` (the hosts of one cloud), applied under an advisory lock so that hosts starting
/// together on one database migrate it once.
enum PostgresSchema {
    static let types = StoreSchema.Types(timestamp: "TIMESTAMPTZ", integer: "BIGINT", insertionOrder: "seq BIGINT GENERATED ALWAYS AS IDENTITY,")
    /// `pg_advisory_xact_lock`'s key for the store's migrations.
    static let migrationLock = 0x5352_494F_5600

    static let migrations: [(name: String, statements: [String])] = [
        ("store-v2", [
            "CREATE TABLE hosts (name TEXT PRIMARY KEY, numa_topology TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)",
            "CREATE TABLE flavors (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, flavor TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)",
            """
            CREATE TABLE servers (id TEXT PRIMARY KEY, name TEXT NOT NULL, project_id TEXT NOT NULL, vm_state TEXT NOT NULL,
                server TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)
            """,
            "CREATE INDEX servers_on_project_id ON servers (project_id)",
            """
            CREATE TABLE pci_requests (seq BIGINT GENERATED ALWAYS AS IDENTITY, request_id TEXT PRIMARY KEY,
                server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE, request TEXT NOT NULL)
            """,
            "CREATE INDEX pci_requests_on_server_id ON pci_requests (server_id)",
            """
            CREATE TABLE instance_actions (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, server_id TEXT NOT NULL,
                request_id TEXT NOT NULL, action TEXT NOT NULL, record TEXT NOT NULL, UNIQUE (server_id, request_id, action))
            """,
            "CREATE INDEX instance_actions_on_server_id ON instance_actions (server_id)",
        ] + StoreSchema.columnTables(types) + StoreSchema.columnIndexes),
        ("store-v3", StoreSchema.clusterStatements(types, hostOfDocument: "(server::json) ->> 'hostName'")),
    ]

    /// Applies the migrations this database has not seen, in one transaction.
    static func migrate(_ db: StoreTransaction) throws {
        let executor = db.executor
        _ = try executor.query("SELECT pg_advisory_xact_lock(?)", [.integer(migrationLock)]) { _ in () }
        try executor.execute("CREATE TABLE IF NOT EXISTS store_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", [])
        let applied = Set(try executor.query("SELECT name FROM store_migrations", []) { row in try row.string(0) ?? "" })
        for migration in migrations where !applied.contains(migration.name) {
            for statement in migration.statements { try executor.execute(statement, []) }
            try executor.execute("INSERT INTO store_migrations (name) VALUES (?)", [.text(migration.name)])
        }
    }
}
