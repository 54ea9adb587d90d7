extension ReconnectStateMachine {
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

    private func invalid(_ event: String) -> Never {
        preconditionFailure("ReconnectStateMachine: \(event) is not a valid event in state \(state)")
    }
}
