/// The libvirt connection's life as a pure value: connected, or lost and being opened
/// again. Feed it what happened, it answers what to do next; `SessionSupervisor` carries
/// the actions out, and the tests walk every path without libvirt.
///
/// Each open connection (a session) has a generation, counted from 1. A loss reported for
/// an older generation than the current one is stale — a call that failed on the old
/// connection after the new one was opened — and changes nothing; so is a second report
/// of the same loss (the close callback and a failed call both report it).
public struct ReconnectStateMachine: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case connected(generation: Int)
        /// Generation `lost` is gone; attempt `attempt` (from 1) is scheduled or under way.
        /// `reason` is why the connection went, or why the last attempt failed.
        case reconnecting(lost: Int, attempt: Int, reason: String)
    }

    /// What the supervisor must do next; each action names the event that answers it.
    public enum Action: Sendable, Hashable {
        /// Wait `after`, then open a new connection and register its callbacks →
        /// `reconnected()` or `attemptFailed(reason:)`.
        case reconnect(after: Duration, attempt: Int)
        /// The new session is in place: wake the detaches whose unplug request went out
        /// before the loss and whose device is gone from the live XML now. Ends the
        /// reconnection; nothing answers it.
        case recheckPendingUnplugs(generation: Int)
        /// Nothing to do: a stale or repeated loss report.
        case none
    }

    public let policy: ReconnectPolicy
    public private(set) var state: State

    /// Starts connected: the first connection is opened before the machine exists.
    public init(policy: ReconnectPolicy) {
        self.policy = policy
        self.state = .connected(generation: 1)
    }

    /// The connection of `generation` was reported lost, by libvirt's close callback or by
    /// a call that failed the way a dead connection fails.
    public mutating func connectionLost(generation: Int, reason: String) -> Action {
        guard case .connected(let current) = state, current == generation else { return .none }
        state = .reconnecting(lost: generation, attempt: 1, reason: reason)
        return .reconnect(after: policy.delay(beforeAttempt: 1), attempt: 1)
    }

    /// The attempt could not open a connection (libvirtd not back yet) or register its
    /// callbacks.
    public mutating func attemptFailed(reason: String) -> Action {
        guard case .reconnecting(let lost, let attempt, _) = state else { invalid("attemptFailed") }
        state = .reconnecting(lost: lost, attempt: attempt + 1, reason: reason)
        return .reconnect(after: policy.delay(beforeAttempt: attempt + 1), attempt: attempt + 1)
    }

    /// The attempt opened a connection with its callbacks registered: it is generation
    /// `lost + 1`.
    public mutating func reconnected() -> Action {
        guard case .reconnecting(let lost, _, _) = state else { invalid("reconnected") }
        state = .connected(generation: lost + 1)
        return .recheckPendingUnplugs(generation: lost + 1)
    }

    /// The newest generation opened: the current one, or the one being replaced.
    public var latestGeneration: Int {
        switch state {
        case .connected(let generation): generation
        case .reconnecting(let lost, _, _): lost
        }
    }

    private func invalid(_ event: String) -> Never {
        preconditionFailure("ReconnectStateMachine: \(event) is not a valid event in state \(state)")
    }
}
