import ComputeModel
import Foundation
import Store

/// Everything a server holds, given back (a delete, a failed or interrupted boot): the
/// domain destroyed, then each port through the one release (`ReleaseMachine`; the guest
/// went with the domain), then the server's rows — removed on a delete, kept in ERROR
/// after a boot. A port whose release is not confirmed keeps its device quarantined with
/// its retry; the server then stays, in ERROR, and the release fails saying which ports.
public struct ServerReleaseMachine: Sendable, Hashable {
    enum State: Sendable, Hashable {
        case idle
        case destroyingDomain
        case releasingPorts(remaining: [VirtualInterface], kept: [KeptPort])
        case removing
        case markingError(kept: [KeptPort])
        case finished
    }

    /// A port whose release ended without freeing its device, and why.
    public struct KeptPort: Sendable, Hashable {
        public var portID: String
        public var reason: String
    }

    public enum Action: Sendable, Hashable {
        /// Write the server's journal row, destroy and undefine the domain (absent counts as
        /// done), read the interfaces → `domainDestroyed(interfaces:)` or `domainFailed(_:)`.
        case destroyDomain
        /// Write the port's row, then release it (`ReleaseRunner`, purpose `.undo`) →
        /// `portReleased(_:outcome:)`.
        case releasePort(VirtualInterface)
        /// Free what the server still owns and remove (delete) or clean (boot) its rows,
        /// closing its row → `removed()` or `removeFailed(_:)`.
        case remove
        /// Server to ERROR, its row ended with the kept ports → `markedError()`.
        case markError(kept: [KeptPort])
        case finishSucceeded
        case finishFailed(ComputeError)
    }

    public let serverID: UUID
    var state: State = .idle

    public init(serverID: UUID) {
        self.serverID = serverID
    }

    public var isFinished: Bool { state == .finished }

    public mutating func start() -> Action {
        precondition(state == .idle, "a server release starts once")
        state = .destroyingDomain
        return .destroyDomain
    }

    public mutating func domainDestroyed(interfaces: [VirtualInterface]) -> Action {
        guard case .destroyingDomain = state else { return unexpected("domainDestroyed") }
        return nextPort(interfaces, kept: [])
    }

    /// The domain is still there: nothing was released.
    public mutating func domainFailed(_ error: ComputeError) -> Action {
        guard case .destroyingDomain = state else { return unexpected("domainFailed") }
        state = .finished
        return .finishFailed(error)
    }

    public mutating func portReleased(_ portID: String, outcome: ReleaseMachine.Outcome) -> Action {
        guard case .releasingPorts(let remaining, var kept) = state, remaining.first?.portID == portID else {
            return unexpected("portReleased")
        }
        if let reason = outcome.failureReason { kept.append(KeptPort(portID: portID, reason: reason)) }
        return nextPort(Array(remaining.dropFirst()), kept: kept)
    }

    public mutating func removed() -> Action {
        guard case .removing = state else { return unexpected("removed") }
        state = .finished
        return .finishSucceeded
    }

    public mutating func removeFailed(_ error: ComputeError) -> Action {
        guard case .removing = state else { return unexpected("removeFailed") }
        state = .finished
        return .finishFailed(error)
    }

    public mutating func markedError() -> Action {
        guard case .markingError(let kept) = state else { return unexpected("markedError") }
        state = .finished
        let ports = kept.map(\.portID).joined(separator: ", ")
        return .finishFailed(.portsKeptBound(
            server: serverID, ports: kept.map(\.portID), cause: kept.map { "\($0.portID): \($0.reason)" }.joined(separator: "; ")))
    }

    /// One port at a time; once none is left, the rows go — unless a device was kept.
    private mutating func nextPort(_ remaining: [VirtualInterface], kept: [KeptPort]) -> Action {
        if let next = remaining.first {
            state = .releasingPorts(remaining: remaining, kept: kept)
            return .releasePort(next)
        }
        if kept.isEmpty {
            state = .removing
            return .remove
        }
        state = .markingError(kept: kept)
        return .markError(kept: kept)
    }

    private func unexpected(_ event: String) -> Action {
        preconditionFailure("server release machine got \(event) in state \(state)")
    }
}
