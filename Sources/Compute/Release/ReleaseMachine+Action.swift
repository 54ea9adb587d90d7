import Store

extension ReleaseMachine {
    /// What the runner must do next; each action is answered by one event method.
    public enum Action: Sendable, Hashable {
        /// Ask the guest to let go of the interface's device → `guestReleased()`,
        /// `guestRefused(_:)` or `guestUnconfirmed(_:)`.
        case releaseFromGuest(ReleasePlan)
        /// Unbind the port unless the network shows it is not this server's →
        /// `portUnbound()` or `unbindUnconfirmed(_:)`.
        case unbindPort(ReleasePlan)
        /// Free the device, drop its interface and request rows, close the journal row →
        /// `settled()` or `settleFailed(_:)`.
        case free(ReleasePlan)
        /// Keep the device owned and quarantined with the reason, record the interface and
        /// the remaining plan, schedule the retry → `settled()` or `settleFailed(_:)`.
        case quarantine(ReleasePlan, reason: String)
        /// Back to `allocated`, the interface kept: the guest holds the device →
        /// `settled()` or `settleFailed(_:)`.
        case restoreAllocated(ReleasePlan, reason: String)
        /// Done.
        case finish(Outcome)
    }
}
