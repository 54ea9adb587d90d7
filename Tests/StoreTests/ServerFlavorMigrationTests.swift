import ComputeModel
import Foundation
import GRDB
@testable import PostgresStore
@testable import SQLiteStore
import Store
import TestSupport
import Testing

/// store-v6 on a database store-v5 left: each server's flavor id, which only its document
/// held, fills the new column, so that the attach's joined read finds the flavor of a
/// server created before the migration; a server written after it has the column too.
struct ServerFlavorMigrationTests {
    static func server(flavor: String) -> Server {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Server(id: UUID(), name: "vm-\(flavor)", projectID: "p1", userID: "u", flavorID: flavor, imageID: nil, vmState: .active,
                      hostName: "compute0", numaCells: [], metadata: [:], createdAt: now, updatedAt: now)
    }

    static let flavors = [
        Flavor(id: "1", name: "small", vcpus: 1, ramMB: 512, diskGB: 1, extraSpecs: ["hw:pci_numa_affinity_policy": "required"]),
        Flavor(id: "2", name: "large", vcpus: 8, ramMB: 8192, diskGB: 80),
    ]

    @Test(arguments: StoreBackend.available) func eachServerGetsItsFlavorIDFromItsDocument(backend: StoreBackend) async throws {
        let folder = try TemporaryDirectory(prefix: "sriov-storetest")
        defer { folder.remove() }
        let old = [Self.server(flavor: "1"), Self.server(flavor: "2"), Self.server(flavor: "gone")]
        let store = try await Self.migratedFromV5(backend, holding: old, in: folder.path)
        let read = try store.readNow { db in try old.map { try ServerRecords.fetch($0.id, flavorAndInterfaceOf: nil, in: db) } }
        #expect(read.map { $0?.server } == old)
        #expect(read.map { $0?.flavor } == [Self.flavors[0], Self.flavors[1], nil])
        let new = Self.server(flavor: "2")
        try store.writeNow { db in try ServerRecords.insert(new, in: db) }
        #expect(try store.readNow { db in try ServerRecords.fetch(new.id, flavorAndInterfaceOf: nil, in: db) }?.flavor == Self.flavors[1])
    }

    /// A store at store-v5 holding the flavors and `servers` as that schema wrote them (no
    /// flavor column), then opened (SQLite, a file in `folder`) or migrated (PostgreSQL, a
    /// schema of its own) to the current schema.
    static func migratedFromV5(_ backend: StoreBackend, holding servers: [Server], in folder: String) async throws -> any ComputeStore {
        let insert = "INSERT INTO servers (id, name, project_id, vm_state, server, created_at, host) VALUES (?, ?, ?, ?, ?, ?, ?)"
        func values(_ server: Server) throws -> [StoreValue] {
            [StoreValue(server.id), .text(server.name), .text(server.projectID), .text(server.vmState.rawValue),
             .text(try JSONColumn.encode(server)), .date(server.createdAt), .text(server.hostName)]
        }
        switch backend {
        case .sqlite:
            return try await SQLiteSchema.store(in: folder, at: "store-v5") { db in
                for flavor in Self.flavors {
                    try db.execute(sql: "INSERT INTO flavors (id, name, flavor, created_at) VALUES (?, ?, ?, ?)",
                                   arguments: [flavor.id, flavor.name, try JSONColumn.encode(flavor), Date()])
                }
                for server in servers {
                    try db.execute(sql: insert, arguments: [server.id.uuidString, server.name, server.projectID,
                                                            server.vmState.rawValue, try JSONColumn.encode(server), server.createdAt,
                                                            server.hostName])
                }
            }
        case .postgres:
            // A new schema at the current version, its flavor column dropped and store-v6
            // forgotten; migrating again applies store-v6 alone.
            let store = try await StoreBackend.postgres(schema: StoreBackend.newSchemaName())
            try store.writeNow { db in
                try db.executor.execute("ALTER TABLE servers DROP COLUMN flavor_id", [])
                try db.executor.execute("DELETE FROM store_migrations WHERE name = 'store-v6'", [])
                for flavor in Self.flavors { try FlavorRecords.insert(flavor, in: db) }
                for server in servers { try db.executor.execute(insert, try values(server)) }
                try PostgresSchema.migrate(db)
            }
            return store
        }
    }
}
