import Foundation
import Logging
import PCI
import PostgresStore
import Store
import TestSupport
import Testing

/// A text runs prepared on its connection from its second run (`PostgresSession`): the
/// same answers as the first run, typed values and all, the row counts a caller reads, and
/// a refusal before it still the transaction's error. One connection (pool of one), so
/// that every run meets what the earlier ones prepared.
@Suite(.enabled(if: StoreBackend.postgresURL != nil))
struct PostgresPreparedStatementTests {
    static func store() async throws -> PostgresStore {
        let url = try #require(StoreBackend.postgresURL)
        var logger = Logger(label: "prepared-test")
        logger.logLevel = .critical
        return try await PostgresStore.open(url, poolSize: 1, schema: StoreBackend.newSchemaName(), attempts: 1, logger: logger)
    }

    static func preparedTexts(in store: PostgresStore) throws -> [String] {
        try store.readNow { db in try db.executor.query("SELECT statement FROM pg_prepared_statements", []) { try $0.string(0) ?? "" } }
    }

    /// Integers, dates and texts read back the same from the prepared run (postgres-nio
    /// labels a prepared statement's binary cells as text: read as labelled, they fail).
    @Test func aTextRunAgainRunsPreparedAndReadsTheSameValues() async throws {
        let store = try await Self.store()
        let device = LedgerColumnsTests.device(1)
        try await store.write { db in try PCIDeviceRecords.upsert([device], host: "compute0", in: db) }
        let first = try await store.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) }
        let second = try await store.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) }
        #expect(first == [device])
        #expect(second == first)
        let updated = try await store.read { db in try db.executor.query("SELECT updated_at FROM pci_devices WHERE host = ?", [.text("compute0")]) { try $0.date(0) } }
        let again = try await store.read { db in try db.executor.query("SELECT updated_at FROM pci_devices WHERE host = ?", [.text("compute0")]) { try $0.date(0) } }
        #expect(updated.count == 1 && updated[0] != nil && again == updated)
        #expect(try Self.preparedTexts(in: store).contains { $0.contains("FROM pci_devices") && $0.contains("$1::text") })
        await store.close()
    }

    /// A statement whose changed-row count is read runs as text (a prepared run does not
    /// report the count), every time.
    @Test func aCountedStatementReportsTheRowsItChangedEveryRun() async throws {
        let store = try await Self.store()
        try await store.write { db in
            try PCIDeviceRecords.upsert([LedgerColumnsTests.device(0), LedgerColumnsTests.device(1)], host: "compute0", in: db)
        }
        for run in 0..<3 {
            let changed = try await store.write { db in
                try db.executor.execute("UPDATE pci_devices SET numa_node = ? WHERE host = ?", [.integer(run), .text("compute0")])
            }
            #expect(changed == 2)
        }
        #expect(try Self.preparedTexts(in: store).allSatisfy { !$0.contains("SET numa_node") })
        await store.close()
    }

    /// A text longer than `PostgresSession.longestPrepared` runs unprepared, every time,
    /// and answers as a prepared one does.
    @Test func aTextTooLongToPrepareRunsAsTextAndAnswers() async throws {
        let store = try await Self.store()
        let padding = "/* " + String(repeating: "x", count: 17_000) + " */"
        for run in 1...2 {
            let answer = try store.readNow { db in try db.executor.query("SELECT CAST(? AS int8) + 1 \(padding)", [.integer(run)]) { try $0.int(0) } }
            #expect(answer == [run + 1])
        }
        #expect(try Self.preparedTexts(in: store).allSatisfy { !$0.contains("xxxxxxxx") })
        await store.close()
    }

    /// The same SQL with a null and then a value is two statements (a bound null's type is
    /// left to the context, a value's is cast): both answer.
    @Test func aNullAndAValueInOnePlaceAreTwoStatementsThatBothAnswer() async throws {
        let store = try await Self.store()
        for value: StoreValue in [.null, .text("given"), .null, .integer(7), .text("again")] {
            let answer = try store.readNow { db in try db.executor.query("SELECT COALESCE(CAST(? AS text), 'none')", [value]) { try $0.string(0) } }
            let expected: String = switch value {
            case .null: "none"
            case .text(let text): text
            case .integer(let number): String(number)
            default: ""
            }
            #expect(answer == [expected])
        }
        await store.close()
    }

    /// A write refused before a text the connection has not prepared yet: preparing that text
    /// fails in the aborted transaction, and the transaction's error is still the refusal,
    /// not "transaction aborted". The connection prepares it on the next transaction.
    @Test func aRefusalBeforeANewTextIsStillTheTransactionsError() async throws {
        let store = try await Self.store()
        let device = LedgerColumnsTests.device(0)
        try await store.write { db in try PCIDeviceRecords.upsert([device], host: "compute0", in: db) }
        let insert = "INSERT INTO flavors (id, name, flavor, created_at) VALUES (?, ?, '{}', ?)"
        let flavor: [StoreValue] = [.text("f1"), .text("small"), .date(Date())]
        try await store.write { db in try db.executor.send(insert, flavor) }
        let error = await #expect(throws: (any Error).self) {
            try await store.write { db in
                try db.executor.send(insert, flavor)
                _ = try db.executor.query("SELECT address FROM pci_devices WHERE host = ? AND numa_node IS NULL", [.text("compute0")]) { try $0.string(0) }
            }
        }
        let text = error.map { String(reflecting: $0) } ?? ""
        #expect(text.contains("duplicate key") && !text.contains("transaction is aborted"), "\(text)")
        let addresses = try await store.read { db in
            try db.executor.query("SELECT address FROM pci_devices WHERE host = ? AND numa_node IS NULL", [.text("compute0")]) { try $0.string(0) }
        }
        #expect(addresses.count == (device.numaNode == nil ? 1 : 0))
        #expect(try Self.preparedTexts(in: store).contains { $0.contains("numa_node IS NULL") })
        await store.close()
    }
}
