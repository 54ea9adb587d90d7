import Foundation

/// The intent of an attach or a detach, written with its first side effect and advanced
/// with each step, so start-up recovery knows what was in flight. (A boot attaches its
/// ports through the attach saga; a delete releases in one ledger transaction.)
public struct JournalEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case attach, detach
    }

    public enum State: String, Sendable, Hashable, Codable {
        /// In flight: recovery must finish or undo it.
        case open
        case done
        case rolledBack = "rolled_back"
        /// Ended without being undone (e.g. a detach that timed out, device quarantined).
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
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID = UUID(), kind: Kind, serverID: UUID, portID: String?, step: String, state: State = .open,
        details: [String: String] = [:], requestID: String, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.kind = kind
        self.serverID = serverID
        self.portID = portID
        self.step = step
        self.state = state
        self.details = details
        self.requestID = requestID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
