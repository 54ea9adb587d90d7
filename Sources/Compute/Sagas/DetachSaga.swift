import ComputeModel

/// The detach of one port as a pure state machine (DESIGN §5): mark the device detaching,
/// ask the guest to release it, and only once the hypervisor confirms, unbind the port
/// and free the device. A guest that never lets go leaves the device owned and
/// quarantined; a guest that refuses leaves it allocated. The device is never freed early.
public struct DetachSaga: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case idle, marking, releasingFromGuest, unbinding, freeing, restoring, quarantining, succeeded, failed
    }

    /// What the hypervisor said about the guest device.
    public enum GuestResult: Sendable, Hashable {
        /// Removed, already absent, or the domain is gone: the guest no longer holds it.
        case released
        /// Out of attempts without a removal event: nobody can vouch for the device.
        case timedOut(String)
        /// The guest refused (removal-failed event) or the hypervisor errored: it still
        /// holds the device.
        case refused(String)
    }

    public enum Action: Sendable, Hashable {
        case markDetaching
        case releaseFromGuest
        case unbindPort
        case freeDevice
        /// Back to `allocated`: the guest still has the device.
        case restoreAllocated(reason: String)
        /// Owned and never handed out until cleared.
        case quarantine(reason: String)
        case finishSucceeded
        case finishFailed(String)
    }

    public enum Event: Sendable, Hashable {
        case stepSucceeded
        case stepFailed(String)
        case guest(GuestResult)
    }

    public private(set) var state: State = .idle
    private var reason: String?

    public init() {}

    public mutating func start() -> Action {
        precondition(state == .idle, "a detach saga starts once")
        state = .marking
        return .markDetaching
    }

    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.marking, .stepSucceeded):
            state = .releasingFromGuest
            return .releaseFromGuest
        case (.marking, .stepFailed(let message)):
            state = .failed
            return .finishFailed(message)
        case (.releasingFromGuest, .guest(.released)):
            state = .unbinding
            return .unbindPort
        case (.releasingFromGuest, .guest(.timedOut(let message))):
            reason = message
            state = .quarantining
            return .quarantine(reason: message)
        case (.releasingFromGuest, .guest(.refused(let message))):
            reason = message
            state = .restoring
            return .restoreAllocated(reason: message)
        case (.unbinding, .stepSucceeded):
            state = .freeing
            return .freeDevice
        case (.unbinding, .stepFailed(let message)):
            // The guest let go but the port is still bound to us: keep the device owned
            // (quarantined) so the next detach can finish the job, rather than free a
            // device whose port still points at it.
            reason = "the guest released the device but the port could not be unbound: \(message)"
            state = .quarantining
            return .quarantine(reason: reason!)
        case (.freeing, .stepSucceeded):
            state = .succeeded
            return .finishSucceeded
        case (.freeing, .stepFailed(let message)):
            state = .failed
            return .finishFailed(message)
        case (.quarantining, _), (.restoring, _):
            state = .failed
            return .finishFailed(reason ?? "detach failed")
        default:
            preconditionFailure("detach saga got \(event) in state \(state)")
        }
    }
}
