import Foundation

/// One compute host of the cloud, as the shared database knows it: its `nova-compute`
/// service row, written when the host starts and renewed by its heartbeat. The same row is
/// the host's hypervisor (one per host, as Nova's libvirt driver has one compute node per
/// service).
public struct ComputeHost: Sendable, Hashable, Codable {
    /// The service's id: Nova's uuid service id (microversion 2.53 and later), kept across
    /// restarts.
    public var id: UUID
    /// `[host] name`.
    public var name: String
    /// Where the other hosts call this one (`[cluster] peer_url`); nil when it takes no calls.
    public var peerURL: String?
    /// `openstack compute service set --disable`: no new server lands here.
    public var disabled: Bool
    public var disabledReason: String?
    /// Nova's `forced_down` (2.11): down whatever the heartbeat says.
    public var forcedDown: Bool
    /// The last heartbeat, by the host's clock (as Nova's database service group: hosts'
    /// clocks must agree to well within `service_down_time`).
    public var lastSeenAt: Date
    public var createdAt: Date
    public var updatedAt: Date
    /// The service's integer id, Nova's `id` before microversion 2.53 (also the
    /// hypervisor's: one hypervisor per host).
    public var number: Int

    /// Nova's service binary for a compute host.
    public static let binary = "nova-compute"

    public init(id: UUID, name: String, peerURL: String?, disabled: Bool = false, disabledReason: String? = nil,
                forcedDown: Bool = false, lastSeenAt: Date, createdAt: Date, updatedAt: Date, number: Int = 0) {
        self.id = id
        self.name = name
        self.peerURL = peerURL
        self.disabled = disabled
        self.disabledReason = disabledReason
        self.forcedDown = forcedDown
        self.lastSeenAt = lastSeenAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.number = number
    }

    /// Nova's `is_up`: forced down is down; otherwise up while the last heartbeat is no
    /// older than `downAfter` (`service_down_time`).
    public func isUp(at now: Date, downAfter: TimeInterval) -> Bool {
        !forcedDown && now.timeIntervalSince(lastSeenAt) <= downAfter
    }
}
