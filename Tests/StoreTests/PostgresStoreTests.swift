import ComputeModel
import Foundation
import Logging
import PostgresStore
import Store
import TestSupport
import Testing

/// PostgreSQL's own failures: a URL read once and never shown with its password, a server
/// that is not there at start-up, a connection lost inside a transaction.
struct PostgresStoreTests {
    @Test func aURLReadsIntoItsPartsAndShowsNoPassword() throws {
        let location = try #require(try PostgresLocation(url: "postgres://nova:s3cr%40t@127.0.0.1:6543/sriov"))
        #expect(location.host == "127.0.0.1" && location.port == 6543 && location.user == "nova" && location.database == "sriov")
        #expect(location.password == "s3cr@t")
        #expect(location.description == "postgres://nova:***@127.0.0.1:6543/sriov")
        #expect(try PostgresLocation(url: "postgresql://nova@db.example/sriov")?.port == 5432)
        #expect(try PostgresLocation(url: "sqlite:/var/lib/sriov.sqlite") == nil)
    }

    @Test(arguments: [
        ("postgres://nova:pw@/sriov", "expected postgres://user:password@host:port/database, got 'postgres://nova:***@/sriov'"),
        ("postgres://127.0.0.1/sriov", "no user in 'postgres://127.0.0.1/sriov'"),
        ("postgres://nova:pw@127.0.0.1:5432", "no database name after the host in 'postgres://nova:***@127.0.0.1:5432'"),
        ("postgres://nova:pw@127.0.0.1/sriov?sslmode=require", "options after '?' are not supported in 'postgres://nova:***@127.0.0.1/sriov?sslmode=require'"),
    ])
    func anIncompleteURLIsRefusedWithTheReasonAndNoPassword(url: String, reason: String) {
        #expect(throws: PostgresLocationError.self) { _ = try PostgresLocation(url: url) }
        do {
            _ = try PostgresLocation(url: url)
        } catch {
            #expect(error.description == reason)
            #expect(!error.description.contains(":pw@"))
        }
    }

    @Test func anUnreachableServerIsRetriedThenNamedWithoutItsPassword() async throws {
        // A port nothing listens on: refused at once, each attempt.
        let location = try #require(try PostgresLocation(url: "postgres://nova:hunter2@127.0.0.1:1/sriov"))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let error = try await #require(throws: PostgresStoreError.self) {
            _ = try await PostgresStore.open(location, poolSize: 1, attempts: 2, logger: logger)
        }
        #expect(error.description.hasPrefix("PostgreSQL at postgres://nova:***@127.0.0.1:1/sriov is unreachable after 2 attempts a second apart: "))
        #expect(!error.description.contains("hunter2"))
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func aConnectionLostInsideATransactionFailsItAndWritesNothing() async throws {
        let store = try await StoreBackend.postgres(schema: StoreBackend.newSchemaName())
        let killer = try await StoreBackend.postgres(schema: "public")
        let server = TransactionTests.server()
        await #expect(throws: (any Error).self) {
            try await store.write { db in
                try ServerRecords.insert(server, in: db)
                let pid = try #require(try db.executor.query("SELECT pg_backend_pid()", []) { row in try row.int(0) }.first ?? nil)
                _ = try killer.writeNow { other in try other.executor.query("SELECT pg_terminate_backend(?)", [.integer(pid)]) { _ in () } }
                try ServerRecords.insert(TransactionTests.server(), in: db)
            }
        }
        // The pool opens a new connection; the lost transaction's row never committed.
        #expect(try await store.read { db in try ServerRecords.fetchAll(in: db) } == [])
        try await store.write { db in try ServerRecords.insert(server, in: db) }
        #expect(try await store.read { db in try ServerRecords.fetchAll(in: db) }.map(\.id) == [server.id])
        await store.close()
        await killer.close()
    }

    /// PostgreSQL aborts a transaction at its first refused statement and answers the COMMIT
    /// with a silent ROLLBACK: a body that swallowed the refusal must still fail, not report
    /// a success that wrote nothing.
    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func aRefusalTheBodySwallowedStillFailsTheTransaction() async throws {
        let store = try await StoreBackend.postgres(schema: StoreBackend.newSchemaName())
        let server = TransactionTests.server()
        try await store.write { db in try ServerRecords.insert(server, in: db) }
        let device = LedgerColumnsTests.device(0)
        await #expect(throws: (any Error).self) {
            try await store.write { db in
                try? ServerRecords.insert(server, in: db)
                try PCIDeviceRecords.upsert([device], host: "compute0", in: db)
            }
        }
        #expect(try await store.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == [])
        // The connection went back to the pool usable.
        try await store.write { db in try PCIDeviceRecords.upsert([device], host: "compute0", in: db) }
        #expect(try await store.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) }.map(\.address) == [device.address])
        await store.close()
    }
}
