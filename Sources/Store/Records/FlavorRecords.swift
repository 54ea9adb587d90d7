import ComputeModel
import Foundation

public enum FlavorRecords {
    public static func insert(_ flavor: Flavor, in db: StoreTransaction) throws {
        if try fetch(flavor.id, in: db) != nil { throw StoreError.duplicate("flavor \(flavor.id)") }
        if try db.exists("SELECT 1 FROM flavors WHERE name = ?", [.text(flavor.name)]) {
            throw StoreError.duplicate("flavor name \(flavor.name)")
        }
        try db.send("INSERT INTO flavors (id, name, flavor, created_at) VALUES (?, ?, ?, ?)",
                       [.text(flavor.id), .text(flavor.name), .text(try JSONColumn.encode(flavor)), .date(Date())])
    }

    /// Inserts the flavor unless one with its id or name exists: the seed of a fresh cloud,
    /// which hosts starting together on one new database may both write (each saw no
    /// flavors; the second's rows are the same and are dropped).
    public static func insertUnlessPresent(_ flavor: Flavor, in db: StoreTransaction) throws {
        try db.send("INSERT INTO flavors (id, name, flavor, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [.text(flavor.id), .text(flavor.name), .text(try JSONColumn.encode(flavor)), .date(Date())])
    }

    public static func update(_ flavor: Flavor, in db: StoreTransaction) throws {
        let changed = try db.execute("UPDATE flavors SET name = ?, flavor = ? WHERE id = ?",
                                     [.text(flavor.name), .text(try JSONColumn.encode(flavor)), .text(flavor.id)])
        guard changed == 1 else { throw StoreError.missing("flavor \(flavor.id)") }
    }

    public static func fetch(_ id: String, in db: StoreTransaction) throws -> Flavor? {
        try db.fetchOne("SELECT flavor FROM flavors WHERE id = ?", [.text(id)]) { row in try document(row.required(0, "Flavor document")) }
    }

    public static func fetchAll(in db: StoreTransaction) throws -> [Flavor] {
        try db.fetchAll("SELECT flavor FROM flavors ORDER BY created_at, id", []) { row in try document(row.required(0, "Flavor document")) }
    }

    /// A row's `flavor` document: read by `Flavor(storedJSON:)`, or by `JSONColumn` when
    /// that reader does not know it.
    static func document(_ text: String) throws -> Flavor {
        try Flavor(storedJSON: text) ?? JSONColumn.decode(Flavor.self, from: text)
    }

    public static func delete(_ id: String, in db: StoreTransaction) throws {
        guard try db.execute("DELETE FROM flavors WHERE id = ?", [.text(id)]) == 1 else { throw StoreError.missing("flavor \(id)") }
    }
}
