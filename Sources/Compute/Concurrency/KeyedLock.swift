/// Serialises async work per key (a server, a (server, port) pair) while different keys
/// run in parallel. Waiters are resumed in arrival order.
public actor KeyedLock<Key: Hashable & Sendable> {
    private var holders: Set<Key> = []
    private var waiters: [Key: [CheckedContinuation<Void, Never>]] = [:]

    public init() {}

    public func withLock<T: Sendable>(_ key: Key, _ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: Key) async {
        if holders.insert(key).inserted { return }
        await withCheckedContinuation { continuation in
            waiters[key, default: []].append(continuation)
        }
    }

    private func release(_ key: Key) {
        if var queue = waiters[key], !queue.isEmpty {
            // Hand the lock straight to the next waiter: the key stays held.
            let next = queue.removeFirst()
            waiters[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            holders.remove(key)
        }
    }
}
