import Foundation
import GRDB
import PCI
import Store

/// The compute store's SQLite schema. `store-v1` is the first schema, kept as it was so that
/// its databases migrate; `store-v2` turns its JSON rows for devices, interfaces and the
/// journal into columns (`StoreSchema`), `store-v5` those of the instance actions, and
/// `store-v6` puts each server's flavor id in a column. The
/// embedded network registers its own tables in the same database (its migrations are named
/// `networking-…`).
enum SQLiteSchema {
    static let types = StoreSchema.Types(timestamp: "DATETIME", integer: "INTEGER", insertionOrder: "")

    static func register(in migrator: inout DatabaseMigrator) {
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
        migrator.registerMigration("store-v2") { db in
            try convertToColumns(db)
        }
        migrator.registerMigration("store-v3") { db in
            for statement in StoreSchema.clusterStatements(types, hostOfDocument: "json_extract(server, '$.hostName')") {
                try db.execute(sql: statement)
            }
        }
        migrator.registerMigration("store-v4") { db in
            for statement in StoreSchema.membershipStatements(serviceNumber: serviceNumber) {
                try db.execute(sql: statement)
            }
        }
        migrator.registerMigration("store-v5") { db in
            for statement in StoreSchema.instanceActionEventStatements(types, documents: documents) {
                try db.execute(sql: statement)
            }
        }
        migrator.registerMigration("store-v6") { db in
            for statement in StoreSchema.serverFlavorStatements(documents: documents) { try db.execute(sql: statement) }
        }
    }

    /// JSON1's reading of the documents; the dates as GRDB writes them (UTC, milliseconds).
    static let documents = StoreSchema.DocumentReading(
        text: { document, key in "json_extract(\(document), '$.\(key)')" },
        date: { document, key in "strftime('%Y-%m-%d %H:%M:%f', json_extract(\(document), '$.\(key)') / 1000.0, 'unixepoch')" },
        elements: { document, key, alias in "json_each(\(document), '$.\(key)') AS \(alias)" })

    /// SQLite cannot add an autoincrementing column to a table: existing services are
    /// numbered in their row order, and a trigger numbers each new one after the highest
    /// (inside the insert's transaction; SQLite has one writer at a time).
    static let serviceNumber = [
        "ALTER TABLE compute_services ADD COLUMN number INTEGER",
        "UPDATE compute_services SET number = rowid",
        "CREATE UNIQUE INDEX compute_services_on_number ON compute_services (number)",
        """
        CREATE TRIGGER compute_services_number AFTER INSERT ON compute_services FOR EACH ROW WHEN NEW.number IS NULL
        BEGIN
            UPDATE compute_services SET number = (SELECT COALESCE(MAX(number), 0) + 1 FROM compute_services) WHERE id = NEW.id;
        END
        """,
    ]

    /// Runs every store migration (and any others registered by the caller) on `writer`.
    static func migrate(_ writer: any DatabaseWriter, extra: (inout DatabaseMigrator) -> Void) throws {
        var migrator = DatabaseMigrator()
        register(in: &migrator)
        extra(&migrator)
        try migrator.migrate(writer)
    }

    /// The first schema's documents, decoded as that version wrote them, rewritten through
    /// the repositories into the new tables in their old order; the creation times kept.
    static func convertToColumns(_ db: Database) throws {
        for table in ["pci_devices", "vifs", "journal"] { try db.execute(sql: "ALTER TABLE \(table) RENAME TO \(table)_v1") }
        for statement in StoreSchema.columnTables(types) { try db.execute(sql: statement) }
        let store = StoreTransaction(SQLiteExecutor(db: db))
        for row in try Row.fetchAll(db, sql: "SELECT host, device FROM pci_devices_v1 ORDER BY host, address") {
            let text: String = row["device"]
            let device = try PCIDevice(storedJSON: text) ?? JSONColumn.decode(PCIDevice.self, from: text)
            try PCIDeviceRecords.upsert([device], host: row["host"], in: store)
        }
        for row in try Row.fetchAll(db, sql: "SELECT vif, created_at FROM vifs_v1 ORDER BY created_at, rowid") {
            let vif = try JSONColumn.decode(VirtualInterface.self, from: row["vif"])
            try VIFRecords.insert(vif, in: store)
            try db.execute(sql: "UPDATE vifs SET created_at = ? WHERE port_id = ?", arguments: [row["created_at"] as DatabaseValue, vif.portID])
        }
        for row in try Row.fetchAll(db, sql: "SELECT entry FROM journal_v1 ORDER BY created_at, rowid") {
            let entry = try JSONColumn.decode(JournalEntry.self, from: row["entry"])
            try JournalRecords.saveInSchema2(entry, in: store)
            try db.execute(sql: "UPDATE journal SET updated_at = ? WHERE id = ?", arguments: [entry.updatedAt, entry.id.uuidString])
        }
        for table in ["pci_devices", "vifs", "journal"] { try db.execute(sql: "DROP TABLE \(table)_v1") }
        for statement in StoreSchema.columnIndexes { try db.execute(sql: statement) }
    }
}
