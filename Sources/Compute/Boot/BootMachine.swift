import ComputeModel

/// A boot as a pure state machine: the domain defined and started, each port attached
/// in turn through the attach (`AttachMachine`), the server made ACTIVE. Any failure ends
/// the boot in ERROR with everything the server holds given back through the server
/// release — the same path as a delete, and as a boot a restart cut short.
///
/// A boot that placement sent here (`withdrawsOnLostClaim`) and whose claim finds no device
/// lost a race to another request: it withdraws instead — everything released and the
/// server removed, nothing left of the create — so the receiving host can try the next
/// host (Nova's reschedule to an alternate).
public struct BootMachine: Sendable, Hashable {
    enum State: Sendable, Hashable {
        case idle
        case startingDomain
        case attaching(port: Int)
        case activating
        case withdrawing(ComputeError)
        case endingInError(ComputeError)
        case finished
    }

    public enum Action: Sendable, Hashable {
        /// Define and start the domain → `domainStarted()` or `domainFailed(_:)`.
        case startDomain
        /// Attach the port at this index of the request → `portAttached()` or `portFailed(_:)`.
        case attachPort(Int)
        /// The server ACTIVE, launched now → `activated()` or `activationFailed(_:)`.
        case activate
        /// Release what the server holds (kept, in ERROR) → `endedInError()`.
        case endInError(ComputeError)
        /// Release what the server holds and remove it with its actions → `withdrawn()` or
        /// `withdrawFailed(_:)`.
        case withdraw(ComputeError)
        case finishSucceeded
        case finishFailed(ComputeError)
        /// The create left nothing behind; the claim's refusal says why.
        case finishWithdrawn(ComputeError)
    }

    public let portCount: Int
    /// Placement chose this host: a claim that finds no device withdraws the create.
    public let withdrawsOnLostClaim: Bool
    var state: State = .idle

    public init(portCount: Int, withdrawsOnLostClaim: Bool = false) {
        self.portCount = portCount
        self.withdrawsOnLostClaim = withdrawsOnLostClaim
    }

    public var isFinished: Bool { state == .finished }

    public mutating func start() -> Action {
        precondition(state == .idle, "a boot starts once")
        state = .startingDomain
        return .startDomain
    }

    public mutating func domainStarted() -> Action {
        guard case .startingDomain = state else { return unexpected("domainStarted") }
        return attach(0)
    }

    public mutating func domainFailed(_ error: ComputeError) -> Action {
        guard case .startingDomain = state else { return unexpected("domainFailed") }
        return endInError(error)
    }

    public mutating func portAttached() -> Action {
        guard case .attaching(let index) = state else { return unexpected("portAttached") }
        return attach(index + 1)
    }

    public mutating func portFailed(_ error: ComputeError) -> Action {
        guard case .attaching = state else { return unexpected("portFailed") }
        if withdrawsOnLostClaim, case .noDeviceAvailable = error {
            state = .withdrawing(error)
            return .withdraw(error)
        }
        return endInError(error)
    }

    public mutating func withdrawn() -> Action {
        guard case .withdrawing(let error) = state else { return unexpected("withdrawn") }
        state = .finished
        return .finishWithdrawn(error)
    }

    /// The release did not finish: the server stays, in ERROR, as any failed boot.
    public mutating func withdrawFailed(_ releaseError: ComputeError) -> Action {
        guard case .withdrawing(let error) = state else { return unexpected("withdrawFailed") }
        return endInError(error)
    }

    public mutating func activated() -> Action {
        guard case .activating = state else { return unexpected("activated") }
        state = .finished
        return .finishSucceeded
    }

    public mutating func activationFailed(_ error: ComputeError) -> Action {
        guard case .activating = state else { return unexpected("activationFailed") }
        return endInError(error)
    }

    public mutating func endedInError() -> Action {
        guard case .endingInError(let error) = state else { return unexpected("endedInError") }
        state = .finished
        return .finishFailed(error)
    }

    private mutating func attach(_ index: Int) -> Action {
        guard index < portCount else {
            state = .activating
            return .activate
        }
        state = .attaching(port: index)
        return .attachPort(index)
    }

    private mutating func endInError(_ error: ComputeError) -> Action {
        state = .endingInError(error)
        return .endInError(error)
    }

    private func unexpected(_ event: String) -> Action {
        preconditionFailure("boot machine got \(event) in state \(state)")
    }
}
