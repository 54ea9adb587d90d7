import Foundation

/// An event another service reports about a server (`POST /os-server-external-events`):
/// Neutron's notifier sends the network ones when a port of the server changes, is plugged
/// or is deleted.
public struct ExternalEvent: Sendable, Hashable, Codable {
    /// Nova's `InstanceExternalEvent.EVENT_NAMES`.
    public enum Name: String, Sendable, Hashable, Codable, CaseIterable {
        case networkChanged = "network-changed"
        case networkVIFPlugged = "network-vif-plugged"
        case networkVIFUnplugged = "network-vif-unplugged"
        case networkVIFDeleted = "network-vif-deleted"
        case volumeExtended = "volume-extended"
        case powerUpdate = "power-update"
        case acceleratorRequestBound = "accelerator-request-bound"
        case volumeReimaged = "volume-reimaged"

        /// Events whose tag names what they are about and cannot be acted on without it
        /// (Nova drops them as bad requests).
        public var requiresTag: Bool {
            switch self {
            case .volumeExtended, .powerUpdate, .acceleratorRequestBound: true
            default: false
            }
        }
    }

    /// Nova's `EVENT_STATUSES`.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case failed
        case completed
        case inProgress = "in-progress"
    }

    /// What became of one event.
    public enum Disposition: Sendable, Hashable, Codable {
        /// Taken: it is handled after the answer, as Nova's compute manager does.
        case accepted
        /// No such server (in any project).
        case serverNotFound
        /// The event needs a tag and has none.
        case tagMissing
        /// The server is on no host, so nobody could handle the event.
        case serverWithoutHost
        /// The server's host is down: nobody can handle the event now.
        case hostUnavailable
    }

    public var serverID: UUID
    public var name: Name
    public var status: Status
    /// For the network events, the port's id.
    public var tag: String?

    public init(serverID: UUID, name: Name, status: Status = .completed, tag: String? = nil) {
        self.serverID = serverID
        self.name = name
        self.status = status
        self.tag = tag
    }
}
