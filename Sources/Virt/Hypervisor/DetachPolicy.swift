/// How long a live detach waits for the guest to release a device, and how often it asks
/// (`[libvirt]device_detach_timeout` × `device_detach_attempts`).
public struct DetachPolicy: Sendable, Hashable {
    /// Per-attempt wait for the device-removed event.
    public var timeout: Duration
    /// Live detach requests; fewer than 1 counts as 1 (Nova's minimum).
    public var attempts: Int

    public init(timeout: Duration, attempts: Int) {
        self.timeout = timeout
        self.attempts = attempts
    }

    /// Nova's defaults: 20 s × 8, so a stuck guest is given up on after 160 s.
    public static let novaDefault = DetachPolicy(timeout: .seconds(20), attempts: 8)
}
