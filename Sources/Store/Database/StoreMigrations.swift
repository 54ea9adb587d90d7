import GRDB

/// The compute side's schema. The embedded network service registers its own tables in
/// the same database (its migrations are named `networking-…`).
public enum StoreMigrations {
    public static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("store-v1") { db in
            try db.create(table: "hosts") { t in
                t.primaryKey("name", .text)
                t.column("numa_topology", .text).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "pci_devices") { t in
                t.column("host", .text).notNull()
                t.column("address", .text).notNull()
                t.column("status", .text).notNull()
                t.column("instance_uuid", .text)
                t.column("request_id", .text)
                t.column("device", .text).notNull()
                t.column("updated_at", .datetime).notNull()
                t.primaryKey(["host", "address"])
            }
            try db.create(index: "pci_devices_by_instance", on: "pci_devices", columns: ["instance_uuid"])
            try db.create(table: "flavors") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique()
                t.column("flavor", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "servers") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("project_id", .text).notNull().indexed()
                t.column("vm_state", .text).notNull()
                t.column("server", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "pci_requests") { t in
                t.primaryKey("request_id", .text)
                t.column("server_id", .text).notNull().indexed().references("servers", onDelete: .cascade)
                t.column("request", .text).notNull()
            }
            try db.create(table: "vifs") { t in
                t.primaryKey("port_id", .text)
                t.column("server_id", .text).notNull().indexed().references("servers", onDelete: .cascade)
                t.column("vif", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "instance_actions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("server_id", .text).notNull().indexed()
                t.column("request_id", .text).notNull()
                t.column("action", .text).notNull()
                t.column("record", .text).notNull()
                t.uniqueKey(["server_id", "request_id", "action"])
            }
            try db.create(table: "journal") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("server_id", .text).notNull()
                t.column("port_id", .text)
                t.column("state", .text).notNull().indexed()
                t.column("entry", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
        }
    }

    /// Runs every store migration (and any others registered by the caller) on `writer`.
    public static func migrate(_ writer: any DatabaseWriter, extra: (inout DatabaseMigrator) -> Void = { _ in }) throws {
        var migrator = DatabaseMigrator()
        register(in: &migrator)
        extra(&migrator)
        try migrator.migrate(writer)
    }
}
