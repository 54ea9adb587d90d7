extension ReconnectStateMachine {
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
}
