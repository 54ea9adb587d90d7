import Foundation

/// Waiters for device events, registered *before* the detach request is sent so that an
/// event arriving before anyone waits is kept, not lost (nova-behavior §6.4). Backends
/// deliver events here from wherever they receive them.
public actor DeviceEventWaiters {
    public struct Ticket: Sendable, Hashable {
        public let id: UInt64
        public let domain: UUID
        public let alias: String
    }

    private struct Waiter {
        var domain: UUID
        var alias: String
        var event: DeviceEvent?
        var continuation: CheckedContinuation<DeviceEvent?, Never>?
        var timer: Task<Void, Never>?
    }

    private var waiters: [UInt64: Waiter] = [:]
    private var nextID: UInt64 = 0

    public init() {}

    /// How many waiters are registered and not yet finished; 0 after every detach.
    public var count: Int { waiters.count }

    public func register(domain: UUID, alias: String) -> Ticket {
        nextID += 1
        waiters[nextID] = Waiter(domain: domain, alias: alias)
        return Ticket(id: nextID, domain: domain, alias: alias)
    }

    /// Hands the event to every waiter for this device; returns how many there were.
    @discardableResult
    public func deliver(_ event: DeviceEvent, domain: UUID, alias: String) -> Int {
        let matching = waiters.filter { $0.value.domain == domain && $0.value.alias == alias }
        for (id, waiter) in matching {
            if let continuation = waiter.continuation {
                waiters[id] = nil
                waiter.timer?.cancel()
                continuation.resume(returning: event)
            } else if waiter.event == nil {
                waiters[id]?.event = event
            }
        }
        return matching.count
    }

    /// The first event for the ticket's device, or nil after `timeout` (or if the waiting
    /// task is cancelled). The ticket is finished either way.
    public func wait(_ ticket: Ticket, timeout: Duration) async -> DeviceEvent? {
        guard let waiter = waiters[ticket.id] else { return nil }
        if let event = waiter.event {
            waiters[ticket.id] = nil
            return event
        }
        precondition(waiter.continuation == nil, "device event ticket \(ticket.id) is awaited twice")
        let id = ticket.id
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<DeviceEvent?, Never>) in
                guard waiters[id] != nil, !Task.isCancelled else {
                    waiters[id] = nil
                    continuation.resume(returning: nil)
                    return
                }
                waiters[id]?.continuation = continuation
                waiters[id]?.timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    await self?.expire(id)
                }
            }
        } onCancel: {
            Task { await self.expire(id) }
        }
    }

    /// Drops the ticket without waiting, e.g. when the detach request itself failed.
    public func cancel(_ ticket: Ticket) {
        expire(ticket.id)
    }

    private func expire(_ id: UInt64) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waiter.timer?.cancel()
        waiter.continuation?.resume(returning: nil)
    }
}
