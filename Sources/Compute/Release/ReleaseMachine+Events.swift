import Store

extension ReleaseMachine {
    /// Starts from what the plan says may still hold the device.
    public mutating func start(_ plan: ReleasePlan) -> Action {
        precondition(state == .idle, "a release starts once")
        return next(plan)
    }

    /// The guest no longer has the device (removed, never there, or the domain is gone).
    public mutating func guestReleased() -> Action {
        guard case .releasingFromGuest(var plan) = state else { return unexpected("guestReleased") }
        plan.guestMayHoldDevice = false
        return next(plan)
    }

    /// The guest answered that it keeps the device (a removal-failed event).
    public mutating func guestRefused(_ reason: String) -> Action {
        guard case .releasingFromGuest(let plan) = state else { return unexpected("guestRefused") }
        switch purpose {
        case .detach: return settle(plan, .restored(reason: reason))
        case .undo: return settle(plan, .quarantined(reason: reason))
        }
    }

    /// Nobody can say whether the guest let go (no event in time, the hypervisor erred):
    /// the port is left bound too, since the device may still be in use through it.
    public mutating func guestUnconfirmed(_ reason: String) -> Action {
        guard case .releasingFromGuest(let plan) = state else { return unexpected("guestUnconfirmed") }
        return settle(plan, .quarantined(reason: reason))
    }

    /// The port no longer names this server (unbound now, already, or deleted).
    public mutating func portUnbound() -> Action {
        guard case .unbinding(var plan) = state else { return unexpected("portUnbound") }
        plan.portMayBeBound = false
        return next(plan)
    }

    /// The network did not confirm the unbind (an error, a timeout, unreachable): the port
    /// may still name the device, so the device stays the server's.
    public mutating func unbindUnconfirmed(_ reason: String) -> Action {
        guard case .unbinding(let plan) = state else { return unexpected("unbindUnconfirmed") }
        return settle(plan, .quarantined(reason: "the guest released the device but the port could not be unbound: \(reason)"))
    }

    /// The ledger recorded the end.
    public mutating func settled() -> Action {
        guard case .settling(_, let outcome) = state else { return unexpected("settled") }
        state = .finished
        return .finish(outcome)
    }

    /// The ledger could not record the end: the journal row is left for a restart.
    public mutating func settleFailed(_ reason: String) -> Action {
        guard case .settling = state else { return unexpected("settleFailed") }
        state = .finished
        return .finish(.failed(reason: reason))
    }

    // MARK: Rules

    /// Guest first, then the port, then the ledger: the device is never freed while
    /// anything may still hold it.
    private mutating func next(_ plan: ReleasePlan) -> Action {
        if plan.guestMayHoldDevice {
            state = .releasingFromGuest(plan)
            return .releaseFromGuest(plan)
        }
        if plan.portMayBeBound {
            state = .unbinding(plan)
            return .unbindPort(plan)
        }
        return settle(plan, .freed)
    }

    private mutating func settle(_ plan: ReleasePlan, _ outcome: Outcome) -> Action {
        state = .settling(plan, outcome)
        switch outcome {
        case .freed: return .free(plan)
        case .quarantined(let reason): return .quarantine(plan, reason: reason)
        case .restored(let reason): return .restoreAllocated(plan, reason: reason)
        case .failed: preconditionFailure("a release settles only on a decided outcome")
        }
    }

    private func unexpected(_ event: String) -> Action {
        preconditionFailure("release machine got \(event) in state \(state)")
    }
}
