import Foundation

/// Failures the simulated hypervisor injects on request, for tests and demos. Each
/// mirrors something real libvirt or a real guest does (libvirt-here.md §3).
public struct SimulatedFaults: Sendable, Hashable {
    public struct AttachFailure: Sendable, Hashable {
        /// The hypervisor's message, surfaced as `HypervisorError.operationFailed`.
        public var message: String
        /// Only an attach to this domain fails; nil: the next attach to any domain.
        public var domain: UUID?

        public init(message: String, domain: UUID? = nil) {
            self.message = message
            self.domain = domain
        }
    }

    /// Consumed by the first attach it applies to; the XML is left unchanged.
    public var nextAttachFailure: AttachFailure?
    /// Guests that never act on an unplug request, like a guest whose OS had not set up
    /// ACPI hotplug yet: the device stays, no event comes, later requests are answered
    /// "already in the process of unplug". Requests made meanwhile stay pending until the
    /// guest is powered off, or is unpaused or resumed after the fault is cleared.
    public var ignoreUnplug: Set<UUID>
    /// Guests that refuse every unplug: a device-removal-failed event, the device stays.
    public var failRemoval: Set<UUID>
    /// Domains that are undefined behind the service's back when the next detach request
    /// reaches them (the live one; the persistent one for a domain that is not running).
    public var vanishOnDetach: Set<UUID>
    /// The next managed save fails with this message (a full disk, a QEMU migration
    /// error); the domain goes on running as it was.
    public var nextSaveFailure: String?

    public init(
        nextAttachFailure: AttachFailure? = nil, ignoreUnplug: Set<UUID> = [], failRemoval: Set<UUID> = [],
        vanishOnDetach: Set<UUID> = [], nextSaveFailure: String? = nil
    ) {
        self.nextAttachFailure = nextAttachFailure
        self.ignoreUnplug = ignoreUnplug
        self.failRemoval = failRemoval
        self.vanishOnDetach = vanishOnDetach
        self.nextSaveFailure = nextSaveFailure
    }

    /// Takes the attach failure if it applies to this domain.
    mutating func takeAttachFailure(for domain: UUID) -> String? {
        guard let failure = nextAttachFailure, failure.domain == nil || failure.domain == domain else { return nil }
        nextAttachFailure = nil
        return failure.message
    }
}
