import Foundation
import Store
import Synchronization
import TestSupport
import Testing

/// Every transaction of a timed store is reported with its kind, a failed one too, and
/// counted into the database time of the operation whose task ran it, and of no other.
struct TimedComputeStoreTests {
    final class Recorder: StoreTransactionObserver {
        let ended = Mutex<[(StoreTransactionKind, Duration)]>([])
        func transactionEnded(_ kind: StoreTransactionKind, duration: Duration) {
            ended.withLock { $0.append((kind, duration)) }
        }
        var kinds: [StoreTransactionKind] { ended.withLock { $0.map(\.0) } }
        var total: Duration { ended.withLock { $0.map(\.1).reduce(.zero, +) } }
    }

    struct Refused: Error {}

    @Test(arguments: StoreBackend.available) func eachTransactionIsReportedWithItsKind(backend: StoreBackend) async throws {
        let recorder = Recorder()
        let store = TimedComputeStore(try await backend.open(), observer: recorder)
        try store.writeNow { db in try ServerRecords.insert(TransactionTests.server(), in: db) }
        _ = try store.readNow { db in try ServerRecords.fetchAll(in: db) }
        _ = try await store.read { db in try ServerRecords.fetchAll(in: db) }
        await #expect(throws: Refused.self) { try await store.write { _ in throw Refused() } }
        #expect(recorder.kinds == [.write, .read, .read, .write])
        #expect(recorder.ended.withLock { $0.allSatisfy { $0.1 > .zero } })
        await store.close()
    }

    @Test func anOperationCountsOnlyTheTransactionsOfItsOwnTask() async throws {
        let recorder = Recorder()
        let store = TimedComputeStore(try await StoreBackend.sqlite.open(), observer: recorder)
        let operation = DatabaseTime()
        try await DatabaseTime.$current.withValue(operation) {
            try await store.write { db in try ServerRecords.insert(TransactionTests.server(), in: db) }
            // A child task is part of the operation.
            async let read = store.read { db in try ServerRecords.fetchAll(in: db) }
            _ = try await read
        }
        let inOperation = recorder.total
        // Outside it: not counted.
        _ = try store.readNow { db in try ServerRecords.fetchAll(in: db) }
        #expect(recorder.kinds.count == 3)
        #expect(operation.total == inOperation)
        #expect(operation.total > .zero)
        await store.close()
    }
}
