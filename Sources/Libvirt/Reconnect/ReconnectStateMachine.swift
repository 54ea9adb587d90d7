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

    public let policy: ReconnectPolicy
    public internal(set) var state: State

    /// Starts connected: the first connection is opened before the machine exists.
    public init(policy: ReconnectPolicy) {
        self.policy = policy
        self.state = .connected(generation: 1)
    }

    /// Starts without a connection: libvirtd did not answer at start-up (`reason`), and
    /// the first attempt is scheduled; the connection it opens is generation 1.
    public init(policy: ReconnectPolicy, unreachableAtStart reason: String) {
        self.policy = policy
        self.state = .reconnecting(lost: 0, attempt: 1, reason: reason)
    }

    /// The newest generation opened: the current one, or the one being replaced.
    public var latestGeneration: Int {
        switch state {
        case .connected(let generation): generation
        case .reconnecting(let lost, _, _): lost
        }
    }
}
