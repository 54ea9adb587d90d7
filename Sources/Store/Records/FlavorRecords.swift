import ComputeModel
import Foundation
import GRDB

public enum FlavorRecords {
    public static func insert(_ flavor: Flavor, in db: Database) throws {
        if try fetch(flavor.id, in: db) != nil { throw StoreError.duplicate("flavor \(flavor.id)") }
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM flavors WHERE name = ?"), arguments: [flavor.name]) == true {
            throw StoreError.duplicate("flavor name \(flavor.name)")
        }
        try db.cachedStatement(sql: "INSERT INTO flavors (id, name, flavor, created_at) VALUES (?, ?, ?, ?)").execute(arguments: [flavor.id, flavor.name, try JSONColumn.encode(flavor), DatabaseTimestamp(Date())])
    }

    public static func update(_ flavor: Flavor, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE flavors SET name = ?, flavor = ? WHERE id = ?").execute(arguments: [flavor.name, try JSONColumn.encode(flavor), flavor.id])
        guard db.changesCount == 1 else { throw StoreError.missing("flavor \(flavor.id)") }
    }

    public static func fetch(_ id: String, in db: Database) throws -> Flavor? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT flavor FROM flavors WHERE id = ?"), arguments: [id])
            .map { try JSONColumn.decode(Flavor.self, from: $0) }
    }

    public static func fetchAll(in db: Database) throws -> [Flavor] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT flavor FROM flavors ORDER BY created_at, id"))
            .map { try JSONColumn.decode(Flavor.self, from: $0) }
    }

    public static func delete(_ id: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM flavors WHERE id = ?").execute(arguments: [id])
        guard db.changesCount == 1 else { throw StoreError.missing("flavor \(id)") }
    }
}
