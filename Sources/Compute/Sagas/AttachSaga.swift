import ComputeModel

/// The attach of one port as a pure state machine (DESIGN §5): claim → bind → plug →
/// commit, and on any failure the undo of every earlier step in reverse; when an undo
/// itself fails, the device is quarantined instead of freed. The runner only
/// executes the actions it returns; every decision about what to do next is here.
public struct AttachSaga: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case idle, claiming, binding, plugging, committing
        case unplugging, unbinding, freeing
        case succeeded, failed
    }

    public enum Action: Sendable, Hashable {
        case claimDevice
        case bindPort
        case plugDevice
        case commit
        // Undo, in reverse order of the steps they undo.
        case unplugDevice
        case unbindPort
        case freeClaim
        /// An undo failed, so nobody can vouch for the device (the guest or the port may
        /// still hold it): keep it the server's, quarantined, with the interface recorded
        /// so that a detach can finish the undo later. Never freed early.
        case quarantineClaim(reason: String)
        case finishSucceeded
        /// The original failure; `leftovers` lists undo steps that failed (e.g. a port the
        /// network refused to unbind), for the event and the journal.
        case finishFailed(ComputeError, leftovers: [String])
    }

    public enum Event: Sendable, Hashable {
        case stepSucceeded
        case stepFailed(ComputeError)
    }

    public private(set) var state: State = .idle
    private var failure: ComputeError?
    private var leftovers: [String] = []

    public init() {}

    public mutating func start() -> Action {
        precondition(state == .idle, "an attach saga starts once")
        state = .claiming
        return .claimDevice
    }

    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.claiming, .stepSucceeded):
            state = .binding
            return .bindPort
        case (.claiming, .stepFailed(let error)):
            // Nothing was changed yet: a failed claim leaves the ledger as it was.
            return fail(error, undoFrom: nil)
        case (.binding, .stepSucceeded):
            state = .plugging
            return .plugDevice
        case (.binding, .stepFailed(let error)):
            // The network may have applied the update before failing (a timeout, a
            // `binding_failed` result): take our keys back, then free the claim, where Nova
            // leaks it (§9.1).
            return fail(error, undoFrom: .unbinding)
        case (.plugging, .stepSucceeded):
            state = .committing
            return .commit
        case (.plugging, .stepFailed(let error)):
            return fail(error, undoFrom: .unbinding)
        case (.committing, .stepSucceeded):
            state = .succeeded
            return .finishSucceeded
        case (.committing, .stepFailed(let error)):
            return fail(error, undoFrom: .unplugging)
        case (.unplugging, let result):
            note(result, "device left in the guest")
            state = .unbinding
            return .unbindPort
        case (.unbinding, let result):
            note(result, "port left bound")
            state = .freeing
            return leftovers.isEmpty ? .freeClaim : .quarantineClaim(reason: leftovers.joined(separator: "; "))
        case (.freeing, let result):
            note(result, leftovers.isEmpty ? "claim left in the ledger" : "device not quarantined")
            state = .failed
            return .finishFailed(failure!, leftovers: leftovers)
        case (.idle, _), (.succeeded, _), (.failed, _):
            preconditionFailure("attach saga got \(event) in state \(state)")
        }
    }

    private mutating func fail(_ error: ComputeError, undoFrom first: State?) -> Action {
        failure = error
        switch first {
        case .unplugging?:
            state = .unplugging
            return .unplugDevice
        case .unbinding?:
            state = .unbinding
            return .unbindPort
        case .freeing?:
            state = .freeing
            return .freeClaim
        default:
            state = .failed
            return .finishFailed(error, leftovers: [])
        }
    }

    private mutating func note(_ result: Event, _ what: String) {
        if case .stepFailed(let error) = result { leftovers.append("\(what): \(error.message)") }
    }
}
