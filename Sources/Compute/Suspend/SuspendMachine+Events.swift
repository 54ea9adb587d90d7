import ComputeModel
import Store

extension SuspendMachine {
    /// Starts from the server's direct-passthrough interfaces (those with a device).
    public mutating func start(passthrough interfaces: [VirtualInterface]) -> Action {
        precondition(state == .idle, "a suspend or resume starts once")
        switch operation {
        case .suspend: return nextDetach(remaining: interfaces, detached: [])
        case .resume:
            state = .restoring(interfaces)
            return .restore
        }
    }

    /// The guest let go of the device (or never had it).
    public mutating func guestReleased() -> Action {
        guard case .detaching(var remaining, var detached) = state else { return unexpected("guestReleased") }
        detached.append(remaining.removeFirst())
        return nextDetach(remaining: remaining, detached: detached)
    }

    /// The guest answered that it keeps the device: it is still in use, so it stays
    /// allocated; what was taken out goes back and the server stays as it was.
    public mutating func guestRefused(_ reason: String) -> Action {
        guard case .detaching(let remaining, let detached) = state else { return unexpected("guestRefused") }
        return putBack(detached, failure: "the guest refused to release \(Self.name(remaining[0])): \(reason)", quarantined: [])
    }

    /// Nobody can say whether the guest let go: the device is quarantined, the others go back.
    public mutating func guestUnconfirmed(_ reason: String) -> Action {
        guard case .detaching(let remaining, let detached) = state else { return unexpected("guestUnconfirmed") }
        let failure = "the release of \(Self.name(remaining[0])) was not confirmed: \(reason)"
        return putBack(detached, failure: failure, quarantined: [Unconfirmed(interface: remaining[0], reason: failure)])
    }

    public mutating func saved() -> Action {
        guard case .saving = state else { return unexpected("saved") }
        return commit(Outcome(vmState: .suspended, quarantined: [], failure: nil))
    }

    /// The guest still runs without the devices taken out: they go back.
    public mutating func saveFailed(_ reason: String) -> Action {
        guard case .saving(let detached) = state else { return unexpected("saveFailed") }
        return putBack(detached, failure: "the managed save failed: \(reason)", quarantined: [])
    }

    public mutating func restored() -> Action {
        guard case .restoring(let interfaces) = state else { return unexpected("restored") }
        return nextPlug(remaining: interfaces, ending: Outcome(vmState: .active, quarantined: [], failure: nil))
    }

    /// The saved guest did not start: ERROR, as Nova's resume. The devices are out of the
    /// guest (the suspend took them out) and in the configuration; nothing to quarantine.
    public mutating func restoreFailed(_ reason: String) -> Action {
        guard case .restoring = state else { return unexpected("restoreFailed") }
        return commit(Outcome(vmState: .error, quarantined: [], failure: "the saved guest could not be started: \(reason)"))
    }

    public mutating func plugged() -> Action {
        guard case .plugging(var remaining, let ending) = state else { return unexpected("plugged") }
        remaining.removeFirst()
        return nextPlug(remaining: remaining, ending: ending)
    }

    /// The hypervisor refused or erred (it may have gone half-way): the device is
    /// quarantined, the server ends in ERROR, and the other devices are still tried.
    public mutating func plugFailed(_ reason: String) -> Action {
        guard case .plugging(var remaining, var ending) = state else { return unexpected("plugFailed") }
        let interface = remaining.removeFirst()
        let failure = "\(Self.name(interface)) could not be plugged back into the guest: \(reason)"
        ending.vmState = .error
        ending.quarantined.append(Unconfirmed(interface: interface, reason: failure))
        ending.failure = ending.failure.map { $0 + "; " + failure } ?? failure
        return nextPlug(remaining: remaining, ending: ending)
    }

    public mutating func committed() -> Action {
        guard case .committing(let outcome) = state else { return unexpected("committed") }
        state = .finished
        return .finish(outcome)
    }

    public mutating func commitFailed(_ reason: String) -> Action {
        guard case .committing(let outcome) = state else { return unexpected("commitFailed") }
        state = .finished
        return .finishUnrecorded(outcome, reason: reason)
    }

    // MARK: Rules

    private mutating func nextDetach(remaining: [VirtualInterface], detached: [VirtualInterface]) -> Action {
        guard let first = remaining.first else {
            state = .saving(detached: detached)
            return .save
        }
        state = .detaching(remaining: remaining, detached: detached)
        return .detach(first)
    }

    /// A suspend that cannot go on puts back what it took out; the server stays ACTIVE
    /// unless a device cannot be put back.
    private mutating func putBack(_ detached: [VirtualInterface], failure: String, quarantined: [Unconfirmed]) -> Action {
        nextPlug(remaining: detached, ending: Outcome(vmState: .active, quarantined: quarantined, failure: failure))
    }

    private mutating func nextPlug(remaining: [VirtualInterface], ending: Outcome) -> Action {
        guard let first = remaining.first else { return commit(ending) }
        state = .plugging(remaining: remaining, ending: ending)
        return .plug(first)
    }

    private mutating func commit(_ outcome: Outcome) -> Action {
        state = .committing(outcome)
        return .commit(outcome)
    }

    static func name(_ interface: VirtualInterface) -> String {
        "the device \(interface.pciSlot?.description ?? "?") of port \(interface.portID)"
    }

    private func unexpected(_ event: String) -> Action {
        preconditionFailure("suspend machine got \(event) in state \(state)")
    }
}
