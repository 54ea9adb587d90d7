import ComputeModel
import NetworkModel
import Store

extension AttachMachine {
    public mutating func start() -> Action {
        precondition(state == .idle, "an attach starts once")
        state = .claiming
        return .claim
    }

    /// The device is claimed; nothing else holds it yet.
    public mutating func claimed(_ plan: ReleasePlan) -> Action {
        guard case .claiming = state else { return unexpected("claimed") }
        state = .binding(plan)
        return .bind(plan)
    }

    /// No device: the ledger is as it was, nothing to undo.
    public mutating func claimRefused(_ error: ComputeError) -> Action {
        guard case .claiming = state else { return unexpected("claimRefused") }
        state = .finished
        return .finishFailed(error, undo: nil)
    }

    /// The network answered the bind. It applied the update even when no mechanism driver
    /// could bind (`binding_failed`, `unbound`), so the undo takes the update back — where
    /// Nova leaks the claim (§9.1).
    public mutating func bound(vifType: String) -> Action {
        guard case .binding(var plan) = state else { return unexpected("bound") }
        plan.portMayBeBound = true
        if vifType == VIFType.bindingFailed || vifType == VIFType.unbound {
            return undo(plan, .bindingFailed(port: plan.portID))
        }
        state = .plugging(plan)
        return .plug(plan)
    }

    public mutating func bindFailed(_ error: NetworkError) -> Action {
        guard case .binding(var plan) = state else { return unexpected("bindFailed") }
        plan.portMayBeBound = error.bindMayHaveLanded
        return undo(plan, ComputeManager.mapNetworkError(error))
    }

    /// The guest has the device; `interface` is what the ledger will record (its VLAN and
    /// macvtap source as plugged).
    public mutating func plugged(_ interface: VirtualInterface) -> Action {
        guard case .plugging(var plan) = state else { return unexpected("plugged") }
        plan.guestMayHoldDevice = true
        plan.interface = interface
        state = .committing(plan)
        return .commit(plan)
    }

    /// The hypervisor refused or erred plugging `asked` (the interface as it was asked
    /// for): it may have gone half-way, so the undo asks the guest too, for that interface
    /// (a device that is not there is confirmed absent by the hypervisor).
    public mutating func plugFailed(_ error: ComputeError, asked: VirtualInterface) -> Action {
        guard case .plugging(var plan) = state else { return unexpected("plugFailed") }
        plan.guestMayHoldDevice = true
        plan.interface = asked
        return undo(plan, error)
    }

    /// No guest device could be built from the bound port (a vif type that cannot be
    /// plugged, a VF without its netdev): nothing was asked of the hypervisor, so the undo
    /// takes back the binding alone.
    public mutating func plugRefused(_ error: ComputeError) -> Action {
        guard case .plugging(let plan) = state else { return unexpected("plugRefused") }
        return undo(plan, error)
    }

    public mutating func committed() -> Action {
        guard case .committing = state else { return unexpected("committed") }
        state = .finished
        return .finishSucceeded
    }

    public mutating func commitFailed(_ error: ComputeError) -> Action {
        guard case .committing(let plan) = state else { return unexpected("commitFailed") }
        return undo(plan, error)
    }

    public mutating func undone(_ outcome: ReleaseMachine.Outcome) -> Action {
        guard case .undoing(let failure) = state else { return unexpected("undone") }
        state = .finished
        return .finishFailed(failure, undo: outcome)
    }

    private mutating func undo(_ plan: ReleasePlan, _ failure: ComputeError) -> Action {
        state = .undoing(failure)
        return .undo(plan, failure: failure)
    }

    private func unexpected(_ event: String) -> Action {
        preconditionFailure("attach machine got \(event) in state \(state)")
    }
}
