/// Where a tracked device stands. Nova's seven statuses plus our `detaching` and
/// `quarantined`, which keep a device owned while its release is unconfirmed.
public enum PCIDeviceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case available
    case claimed
    case allocated
    /// A parent or child of a claimed device.
    case unclaimable
    /// A parent or child of an allocated device.
    case unavailable
    /// Gone from the host or the device_spec while free; never handed out again.
    case removed
    case deleted
    /// The guest was asked to release the device; not yet confirmed.
    case detaching
    /// A detach that timed out, or a device in a state nobody can vouch for: still owned,
    /// never handed out until an operator or the audit clears it.
    case quarantined

    /// Gone from the host or the ledger: never handed out, never held.
    public var isGone: Bool { self == .removed || self == .deleted }

    /// Statuses in which a device has an owner.
    public var isOwned: Bool {
        switch self {
        case .claimed, .allocated, .detaching, .quarantined: true
        default: false
        }
    }
}
