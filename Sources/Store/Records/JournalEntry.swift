import Foundation

/// The intent of an operation that holds devices (attach, detach, delete, suspend, resume,
/// rebuild), written before its first side effect with what undoing it needs (`plan`), so
/// that start-up recovery and the retries run the same release from the row. (A boot
/// attaches its ports through the attach; a server still building at start-up ends in ERROR.)
public struct JournalEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case attach, detach
        /// A server's delete: every port released, then the server row removed.
        case delete
        /// A server's suspend or resume (`SuspendMachine`): its direct-passthrough devices
        /// out of the guest and back, the claims kept. Server-level rows (no port, no plan);
        /// a restart runs the operation again from the start.
        case suspend, resume
        /// A server's rebuild: the guest recreated from an image with the devices it had.
        case rebuild
    }

    public enum State: String, Sendable, Hashable, Codable {
        /// In flight: recovery must finish or undo it.
        case open
        case done
        case rolledBack = "rolled_back"
        /// The release could not be confirmed: the device is quarantined and owned, and
        /// `retry` says when the release is tried again.
        case quarantined
        /// Ended with the device still the server's (the guest refused the detach).
        case failed
    }

    public var id: UUID
    public var kind: Kind
    public var serverID: UUID
    public var portID: String?
    /// The last step reached (the saga's state name).
    public var step: String
    public var state: State
    /// What undoing or finishing needs: the PCI address, the request id, the profile keys…
    public var details: [String: String]
    public var requestID: String
    /// What taking the device back still needs (attach and detach rows).
    public var plan: ReleasePlan?
    /// When a quarantined row is tried again.
    public var retry: RetrySchedule?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID = UUID(), kind: Kind, serverID: UUID, portID: String?, step: String, state: State = .open,
        details: [String: String] = [:], requestID: String, plan: ReleasePlan? = nil, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.kind = kind
        self.serverID = serverID
        self.portID = portID
        self.step = step
        self.state = state
        self.details = details
        self.requestID = requestID
        self.plan = plan
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
