import Foundation
import Virt

/// The `DetachBackend` view of a `LibvirtHypervisor`, kept apart so that the detach
/// primitives stay out of the hypervisor's public API.
struct LibvirtDetachBackend: DetachBackend {
    let hypervisor: LibvirtHypervisor

    var deviceEvents: DeviceEventWaiters { hypervisor.deviceEvents }

    func domainState(of domain: UUID) async throws(HypervisorError) -> DomainState {
        try await hypervisor.state(of: domain)
    }

    func findDevice(_ device: GuestDevice, in domain: UUID, live: Bool) async throws(HypervisorError) -> DomainDevice? {
        try await hypervisor.findDevice(device, in: domain, live: live)
    }

    func detachFromPersistentConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError) {
        try await hypervisor.detachFromPersistentConfig(device, of: domain)
    }

    func detachFromLiveConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError) {
        try await hypervisor.detachFromLiveConfig(device, of: domain)
    }
}
