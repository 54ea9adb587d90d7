import Foundation

/// The detach algorithm of nova-behavior §6.4 as a pure value: feed it what happened, it
/// answers what to do next. No I/O, no clocks — `DetachDriver` carries out the actions
/// against a `DetachBackend`, and the tests walk every path without a hypervisor.
///
/// Persistent config first, never retried; then the live config, up to `policy.attempts`
/// requests, each waiting `policy.timeout` for the device-removed event and then re-reading
/// the live XML, which alone decides success.
///
/// Where it departs from Nova, on purpose: a live device without an alias fails *before*
/// anything is touched (Nova has already removed it from the persistent config by then);
/// a device still in the persistent config after a detach that libvirt accepted stops the
/// detach (Nova only warns, and the guest would get the device back at its next boot while
/// the ledger thinks it free); a "device missing" answer to the live request is confirmed
/// by re-reading the live XML instead of being taken on trust.
public struct DetachStateMachine: Sendable, Hashable {
    /// What the live configuration held when the detach started.
    public enum LiveDevice: Sendable, Hashable {
        /// The domain is not running or paused: there is no live config to change.
        case notLive
        case absent
        case present(alias: String?)
    }

    enum State: Sendable, Hashable {
        case idle
        case detachingPersistent(liveAlias: String?)
        case rereadingPersistent(liveAlias: String?)
        case detachingLive(alias: String, attempt: Int)
        case waiting(alias: String, attempt: Int)
        case rereadingLive(alias: String, attempt: Int)
        case finished
    }

    public let device: GuestDevice
    public let domain: UUID
    public let timeout: Duration
    /// `policy.attempts`, at least 1.
    public let attempts: Int
    var state: State = .idle

    public init(device: GuestDevice, domain: UUID, policy: DetachPolicy) {
        self.device = device
        self.domain = domain
        self.timeout = policy.timeout
        self.attempts = max(1, policy.attempts)
    }

    /// Whether `finish` or `fail` has been returned.
    public var isFinished: Bool { state == .finished }

    var domainName: String { domain.uuidString.lowercased() }
}
