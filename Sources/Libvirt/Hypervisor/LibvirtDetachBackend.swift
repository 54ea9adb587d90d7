import Foundation
import Virt

/// The `DetachBackend` view of a `LibvirtHypervisor`, kept apart so that the detach
/// primitives stay out of the hypervisor's public API.
///
/// A detach runs on after its request was answered, so it may find libvirtd restarting
/// between two of its steps: each step first waits for the connection, up to
/// `ReconnectPolicy.inFlightDetachWait`, and fails with "no connection" only after that.
/// A step that waited sees the live XML as it is after the reconnection, and a removal it
/// waits for is either found by the supervisor's re-check or arrives as an event on the
/// new connection.
struct LibvirtDetachBackend: DetachBackend {
    let hypervisor: LibvirtHypervisor

    var deviceEvents: DeviceEventWaiters { hypervisor.deviceEvents }

    func domainState(of domain: UUID) async throws(HypervisorError) -> DomainState {
        await waitForConnection()
        return try await hypervisor.state(of: domain)
    }

    func findDevice(_ device: GuestDevice, in domain: UUID, live: Bool) async throws(HypervisorError) -> DomainDevice? {
        await waitForConnection()
        return try await hypervisor.findDevice(device, in: domain, live: live)
    }

    func detachFromPersistentConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError) {
        await waitForConnection()
        try await hypervisor.detachFromPersistentConfig(device, of: domain)
    }

    func detachFromLiveConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError) {
        await waitForConnection()
        try await hypervisor.detachFromLiveConfig(device, of: domain)
    }

    private func waitForConnection() async {
        await hypervisor.supervisor.waitForSession(upTo: hypervisor.options.reconnect.inFlightDetachWait)
    }
}
