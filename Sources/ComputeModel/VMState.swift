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

    /// `OS-EXT-STS:power_state`: 1 running, 3 paused, 4 shutdown, 7 suspended, 0 nostate.
    public var powerState: Int {
        switch self {
        case .active: 1
        case .paused: 3
        case .stopped: 4
        case .suspended: 7
        default: 0
        }
    }
}
