import Foundation
import Virt

extension LibvirtHypervisor {
    public func state(of uuid: UUID) async throws(HypervisorError) -> DomainState {
        try await withDomain(uuid) { (domain) throws(LibvirtError) in
            let state = try domain.state()
            return DomainState(libvirt: state, hasManagedSave: try domain.hasManagedSaveImage())
        }
    }

    /// Every domain libvirt has on this connection, running or not.
    public func domains() async throws(HypervisorError) -> [UUID] {
        do {
            return try await onConnection { (connection) throws(LibvirtError) in try connection.domainUUIDs() }
        } catch {
            throw error.hypervisorError(domain: UUID?.none)
        }
    }

    public func domainXML(of uuid: UUID, live: Bool) async throws(HypervisorError) -> String {
        try await withDomain(uuid) { (domain) throws(LibvirtError) in try domain.xml(live: live) }
    }

    public func contains(_ device: GuestDevice, in uuid: UUID, live: Bool) async throws(HypervisorError) -> Bool {
        try await findDevice(device, in: uuid, live: live) != nil
    }

    /// The device as the live or persistent XML holds it (with the domain's alias).
    func findDevice(_ device: GuestDevice, in uuid: UUID, live: Bool) async throws(HypervisorError) -> DomainDevice? {
        try DeviceLocator.find(device, inDomainXML: await domainXML(of: uuid, live: live))
    }
}
