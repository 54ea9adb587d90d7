extension DetachStateMachine {
    /// What the driver must do next; each action is answered by one event method.
    public enum Action: Sendable, Hashable {
        /// Remove the device from the persistent config (AFFECT_CONFIG) → `persistentDetached(error:)`.
        case detachPersistent
        /// Look for the device in the persistent config again → `persistentConfigReread(found:)`.
        case rereadPersistent
        /// Register a waiter for the alias's events, then ask for the live detach
        /// (AFFECT_LIVE) → `liveDetachIssued(error:)`. `attempt` counts from 1.
        case registerWaiterAndDetachLive(alias: String, attempt: Int)
        /// Wait on that waiter up to the timeout → `deviceRemovedEvent()`,
        /// `removalFailedEvent()` or `waitTimedOut()`.
        case wait(Duration)
        /// Look for the device in the live config again → `liveConfigReread(found:)`.
        case rereadLive
        /// Done; drop any waiter still registered.
        case finish(DetachOutcome)
        /// Done with an error; drop any waiter still registered.
        case fail(HypervisorError)
    }
}
