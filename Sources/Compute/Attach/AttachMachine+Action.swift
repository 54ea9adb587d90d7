import ComputeModel
import Store

extension AttachMachine {
    /// What the runner must do next; each action is answered by one event method.
    public enum Action: Sendable, Hashable {
        /// Claim a device and write the journal row with the release plan, in one
        /// transaction → `claimed(_:)` or `claimRefused(_:)`.
        case claim
        /// Bind the port to the claimed device → `bound(vifType:)` or `bindFailed(_:)`.
        case bind(ReleasePlan)
        /// Build the guest device from the bound port and plug it → `plugged(_:)`,
        /// `plugFailed(_:asked:)` or `plugRefused(_:)` (no guest device could be built).
        case plug(ReleasePlan)
        /// Allocate the device, store the request and the interface, close the journal row
        /// (one transaction) → `committed()` or `commitFailed(_:)`.
        case commit(ReleasePlan)
        /// Release what the plan says may hold the device (`ReleaseRunner`) →
        /// `undone(_:)`.
        case undo(ReleasePlan, failure: ComputeError)
        case finishSucceeded
        /// The attach failed with `error`; `undo` says how its undo ended (nil: nothing to undo).
        case finishFailed(ComputeError, undo: ReleaseMachine.Outcome?)
    }
}
