import Foundation

/// A store whose every transaction is timed, from asking for it (a connection of the pool
/// may have to be waited for) to its end, for the service's metrics: each one reported to
/// the observer, and added to the `DatabaseTime` of the operation running in the calling
/// task, if any. The service wraps its compute store in one when metrics are recorded;
/// otherwise nothing is timed.
public struct TimedComputeStore: ComputeStore {
    public let store: any ComputeStore
    let observer: any StoreTransactionObserver

    public init(_ store: any ComputeStore, observer: any StoreTransactionObserver) {
        self.store = store
        self.observer = observer
    }

    public var location: String { store.location }

    public func readNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        let started = ContinuousClock.now
        defer { ended(.read, since: started) }
        return try store.readNow(body)
    }

    public func writeNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        let started = ContinuousClock.now
        defer { ended(.write, since: started) }
        return try store.writeNow(body)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer { ended(.read, since: started) }
        return try await store.read(body)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer { ended(.write, since: started) }
        return try await store.write(body)
    }

    public func close() async { await store.close() }

    private func ended(_ kind: StoreTransactionKind, since started: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - started
        observer.transactionEnded(kind, duration: duration)
        DatabaseTime.current?.add(duration)
    }
}

public enum StoreTransactionKind: String, Sendable, CaseIterable {
    case read, write
}

/// Told of every transaction of a `TimedComputeStore` (the service's metrics).
public protocol StoreTransactionObserver: Sendable {
    func transactionEnded(_ kind: StoreTransactionKind, duration: Duration)
}
