import ComputeModel
import NetworkModel
import Store

/// The attach of one port as a pure state machine (DESIGN §5): claim → bind → plug →
/// commit. Each completed step is recorded in the `ReleasePlan` it carries (what may now
/// hold the device), and any failure hands that plan to the one undo policy, the
/// `ReleaseMachine`. The decisions — whether a bind may have reached the network, what a
/// `binding_failed` answer means — are made here; `AttachRunner` only carries out actions.
public struct AttachMachine: Sendable, Hashable {
    enum State: Sendable, Hashable {
        case idle
        case claiming
        case binding(ReleasePlan)
        case plugging(ReleasePlan)
        case committing(ReleasePlan)
        case undoing(ComputeError)
        case finished
    }

    var state: State = .idle

    public init() {}

    public var isFinished: Bool { state == .finished }
}

extension NetworkError {
    /// Whether a bind that failed this way may still have been applied: a timeout or a 5xx
    /// may have landed; a refusal, a missing port or an unreachable network sent nothing.
    var bindMayHaveLanded: Bool {
        switch self {
        case .unreachable, .portNotFound, .networkNotFound, .badRequest, .conflict: false
        case .timedOut, .unavailable: true
        }
    }
}
