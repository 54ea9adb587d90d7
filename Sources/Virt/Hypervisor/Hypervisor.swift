import Foundation

/// The compute manager's view of a hypervisor (DESIGN §6). Implemented by `SimulatedHypervisor`
/// here and by `LibvirtHypervisor` (module Libvirt) on real hosts.
public protocol Hypervisor: Sendable {
    func define(_ definition: DomainDefinition) async throws(HypervisorError)
    func start(_ uuid: UUID) async throws(HypervisorError)
    /// Power off.
    func stop(_ uuid: UUID) async throws(HypervisorError)
    func pause(_ uuid: UUID) async throws(HypervisorError)
    func unpause(_ uuid: UUID) async throws(HypervisorError)
    /// Managed save.
    func suspend(_ uuid: UUID) async throws(HypervisorError)
    func resume(_ uuid: UUID) async throws(HypervisorError)
    /// Soft: the guest restarts itself (ACPI), the domain must run. Hard: the domain is reset
    /// when it runs, or booted from its configuration when it does not (a managed save is
    /// dropped, as Nova's hard reboot drops it). The devices in the configuration stay.
    func reboot(_ uuid: UUID, hard: Bool) async throws(HypervisorError)
    /// What the guest wrote on its serial console, oldest first; nil when the console is
    /// not kept anywhere to read (a pty nobody logs).
    func consoleOutput(of uuid: UUID) async throws(HypervisorError) -> String?
    /// Destroy if running, then undefine; devices go with it.
    func undefine(_ uuid: UUID) async throws(HypervisorError)
    func state(of uuid: UUID) async throws(HypervisorError) -> DomainState
    func domains() async throws(HypervisorError) -> [UUID]
    /// Live + persistent when running or paused, persistent only when shut off (Nova §6.1);
    /// suspended → invalidState.
    func attach(_ device: GuestDevice, to uuid: UUID) async throws(HypervisorError)
    /// Persistent config first, then live with waiting for the device-removed event,
    /// `policy.attempts` × `policy.timeout` (Nova §6.4, and the PF fix: hostdevs found by
    /// numeric PCI address, interfaces by MAC + source, using the alias of the *domain's* device).
    func detach(_ device: GuestDevice, from uuid: UUID, policy: DetachPolicy) async throws(HypervisorError) -> DetachOutcome
    /// The live half of `detach` only: the guest lets go (confirmed as `detach` confirms
    /// it) and the persistent configuration keeps the device. A suspend takes the
    /// passthrough devices out of the guest this way before the managed save (QEMU cannot
    /// save a guest holding a VFIO device), so the server's configuration still says what
    /// it owns and a boot from it (a hard reboot) has them.
    func detachLive(_ device: GuestDevice, from uuid: UUID, policy: DetachPolicy) async throws(HypervisorError) -> DetachOutcome
    /// The live half of `attach` only: a device the persistent configuration already holds
    /// goes back into the running guest (a resume's replug). Refused unless the domain
    /// runs or is paused.
    func attachLive(_ device: GuestDevice, to uuid: UUID) async throws(HypervisorError)
    /// The guest recreated from `definition` (its image, as a rebuild asks): destroyed if
    /// it runs, any managed save image dropped, defined again with the devices its
    /// persistent configuration holds, and booted. The domain must exist.
    func rebuild(_ definition: DomainDefinition) async throws(HypervisorError)
    /// Whether the device is in the live (or persistent) config — for start-up recovery and the audit.
    func contains(_ device: GuestDevice, in uuid: UUID, live: Bool) async throws(HypervisorError) -> Bool
    func domainXML(of uuid: UUID, live: Bool) async throws(HypervisorError) -> String
}
