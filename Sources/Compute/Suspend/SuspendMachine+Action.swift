import Store

extension SuspendMachine {
    /// What the runner must do next; each action is answered by one event method.
    public enum Action: Sendable, Hashable {
        /// Take the interface's device out of the live guest (the persistent configuration
        /// keeps it) → `guestReleased()`, `guestRefused(_:)` or `guestUnconfirmed(_:)`.
        case detach(VirtualInterface)
        /// Managed save → `saved()` or `saveFailed(_:)`.
        case save
        /// Start from the managed save image → `restored()` or `restoreFailed(_:)`.
        case restore
        /// Plug the interface's device into the live guest → `plugged()` or `plugFailed(_:)`.
        case plug(VirtualInterface)
        /// The server's vm_state, the quarantines, the journal row and the action's event,
        /// in one transaction → `committed()` or `commitFailed(_:)`.
        case commit(Outcome)
        /// Done, recorded.
        case finish(Outcome)
        /// Done, but the ledger could not record it: the journal row stays open, so a
        /// restart takes the operation up again.
        case finishUnrecorded(Outcome, reason: String)
    }
}
