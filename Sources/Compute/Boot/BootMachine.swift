import ComputeModel

/// A boot as a pure state machine: the domain defined and started, each port attached
/// in turn through the attach (`AttachMachine`), the server made ACTIVE. Any failure ends
/// the boot in ERROR with everything the server holds given back through the server
/// release — the same path as a delete, and as a boot a restart cut short.
public struct BootMachine: Sendable, Hashable {
    enum State: Sendable, Hashable {
        case idle
        case startingDomain
        case attaching(port: Int)
        case activating
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
        case finishSucceeded
        case finishFailed(ComputeError)
    }

    public let portCount: Int
    var state: State = .idle

    public init(portCount: Int) {
        self.portCount = portCount
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
