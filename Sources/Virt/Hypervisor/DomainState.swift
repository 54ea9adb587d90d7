/// The power state of a domain, as libvirt reports it (suspended = managed save on disk).
public enum DomainState: String, Sendable, Hashable, Codable {
    case running, paused, shutoff, suspended

    /// Whether a live configuration exists that hot-plug affects (Nova §6.1: RUNNING or PAUSED).
    public var isLive: Bool {
        self == .running || self == .paused
    }
}
