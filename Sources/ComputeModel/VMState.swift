/// Nova's `vm_state` values that this service uses.
public enum VMState: String, Sendable, Hashable, Codable, CaseIterable {
    case building
    case active
    case stopped
    case paused
    case suspended
    case error
    case deleted

    /// The API `status` field (Nova's `status` map for a server with no task state).
    public var apiStatus: String {
        switch self {
        case .building: "BUILD"
        case .active: "ACTIVE"
        case .stopped: "SHUTOFF"
        case .paused: "PAUSED"
        case .suspended: "SUSPENDED"
        case .error: "ERROR"
        case .deleted: "DELETED"
        }
    }

    /// `OS-EXT-STS:power_state`: 1 running, 3 paused, 4 shutdown, 0 nostate. A suspended
    /// server's domain is shut off with a managed save image, which Nova's libvirt driver
    /// reads as SHUTDOWN (4); its SUSPENDED (7) is a guest suspended to RAM, which no
    /// action here makes.
    public var powerState: Int {
        switch self {
        case .active: 1
        case .paused: 3
        case .stopped, .suspended: 4
        default: 0
        }
    }
}
