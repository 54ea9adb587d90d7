import Foundation

/// What `DetachDriver` needs from a hypervisor: reads, the two detach requests, and the
/// place its device events arrive. `SimulatedHypervisor` implements it; so does
/// `LibvirtHypervisor`, which maps libvirt's detach errors to `DetachRequestError` and
/// delivers DEVICE_REMOVED / DEVICE_REMOVAL_FAILED callbacks to `deviceEvents`.
public protocol DetachBackend: Sendable {
    var deviceEvents: DeviceEventWaiters { get }
    /// Throws `domainNotFound` when the domain does not exist.
    func domainState(of domain: UUID) async throws(HypervisorError) -> DomainState
    /// The device as the live or persistent config holds it, nil when absent; throws
    /// `domainNotFound` when the domain does not exist.
    func findDevice(_ device: GuestDevice, in domain: UUID, live: Bool) async throws(HypervisorError) -> DomainDevice?
    /// Removes the device from the persistent config only (AFFECT_CONFIG).
    func detachFromPersistentConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError)
    /// Asks the guest to release the device (AFFECT_LIVE); returns once the request is
    /// sent, not when the device is gone.
    func detachFromLiveConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError)
}
