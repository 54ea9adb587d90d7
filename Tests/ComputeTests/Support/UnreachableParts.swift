import Foundation
import NetworkModel
import Virt

/// A hypervisor whose daemon does not answer: every call fails.
struct UnreachableHypervisor: Hypervisor {
    static let failure = HypervisorError.operationFailed("Failed to connect socket to '/run/libvirt/libvirt-sock': Connection refused")

    func define(_ definition: DomainDefinition) async throws(HypervisorError) { throw Self.failure }
    func start(_ uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func stop(_ uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func pause(_ uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func unpause(_ uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func suspend(_ uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func reboot(_ uuid: UUID, hard: Bool) async throws(HypervisorError) { throw Self.failure }
    func consoleOutput(of uuid: UUID) async throws(HypervisorError) -> String? { throw Self.failure }
    func resume(_ uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func undefine(_ uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func state(of uuid: UUID) async throws(HypervisorError) -> DomainState { throw Self.failure }
    func domains() async throws(HypervisorError) -> [UUID] { throw Self.failure }
    func attach(_ device: GuestDevice, to uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func detach(_ device: GuestDevice, from uuid: UUID, policy: DetachPolicy) async throws(HypervisorError) -> DetachOutcome { throw Self.failure }
    func detachLive(_ device: GuestDevice, from uuid: UUID, policy: DetachPolicy) async throws(HypervisorError) -> DetachOutcome { throw Self.failure }
    func attachLive(_ device: GuestDevice, to uuid: UUID) async throws(HypervisorError) { throw Self.failure }
    func rebuild(_ definition: DomainDefinition) async throws(HypervisorError) { throw Self.failure }
    func contains(_ device: GuestDevice, in uuid: UUID, live: Bool) async throws(HypervisorError) -> Bool { throw Self.failure }
    func domainXML(of uuid: UUID, live: Bool) async throws(HypervisorError) -> String { throw Self.failure }
}

/// The embedded network, except that listing the ports bound to a host times out.
struct UnreachableNetwork: NetworkService {
    let base: any NetworkService

    func port(id: String) async throws(NetworkError) -> NetworkModel.Port { try await base.port(id: id) }
    func network(id: String) async throws(NetworkError) -> Network { try await base.network(id: id) }
    func ports(deviceID: String) async throws(NetworkError) -> [NetworkModel.Port] { try await base.ports(deviceID: deviceID) }
    func ports(boundToHost host: String) async throws(NetworkError) -> [NetworkModel.Port] {
        throw .timedOut("Neutron at http://127.0.0.1:9696 did not answer GET ports bound to \(host) within 30 s")
    }
    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> NetworkModel.Port { try await base.bindPort(id, binding) }
    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> NetworkModel.Port {
        try await base.unbindPort(id, removingProfileKeys: keys)
    }
    func createPort(networkID: String, projectID: String, deviceID: String, fixedIP: String?) async throws(NetworkError) -> NetworkModel.Port {
        try await base.createPort(networkID: networkID, projectID: projectID, deviceID: deviceID, fixedIP: fixedIP)
    }
    func deletePort(_ id: String) async throws(NetworkError) { try await base.deletePort(id) }
}
