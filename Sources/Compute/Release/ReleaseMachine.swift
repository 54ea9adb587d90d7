import Store

/// The one undo policy (issue 11): taking a device back from a server. The guest lets go,
/// the port is unbound, the device is freed — each step confirmed before the next — and
/// whatever cannot be confirmed leaves the device quarantined and owned, with the reason,
/// for a retry. Never freed on hope. The attach's undo, the detach, a delete, start-up
/// recovery and the retries all run this machine, from the `ReleasePlan` the journal holds.
///
/// Pure: `ReleaseRunner` carries out the actions and answers each with its event.
public struct ReleaseMachine: Sendable, Hashable {
    /// Who asks, which decides what an explicit refusal by the guest means.
    public enum Purpose: Sendable, Hashable {
        /// A user's detach: a guest that refuses is known to hold the device, which goes
        /// back to `allocated` (the user may detach again).
        case detach
        /// Undoing (an attach, a delete, a retry): anything not confirmed quarantines.
        case undo
    }

    /// How the release ended.
    public enum Outcome: Sendable, Hashable {
        case freed
        case quarantined(reason: String)
        /// Allocated again: the guest refused and keeps the device.
        case restored(reason: String)
        /// The ledger could not record the end; the journal row stays as it was, so a
        /// restart takes the release up again.
        case failed(reason: String)
    }

    enum State: Sendable, Hashable {
        case idle
        case releasingFromGuest(ReleasePlan)
        case unbinding(ReleasePlan)
        case settling(ReleasePlan, Outcome)
        case finished
    }

    public let purpose: Purpose
    var state: State = .idle

    public init(purpose: Purpose) {
        self.purpose = purpose
    }

    public var isFinished: Bool { state == .finished }
}
