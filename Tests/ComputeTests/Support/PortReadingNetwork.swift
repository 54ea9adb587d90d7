import Foundation
import NetworkModel

/// The embedded network, except that what a port read answers goes through `answer`: to
/// fail as an unreachable Neutron does, or to show a port as the network should not.
struct PortReadingNetwork: NetworkService {
    let base: any NetworkService
    let answer: @Sendable (Result<NetworkModel.Port, NetworkError>) -> Result<NetworkModel.Port, NetworkError>

    /// Every port read fails as a Neutron nobody can reach.
    static func unreachable(_ base: any NetworkService) -> PortReadingNetwork {
        PortReadingNetwork(base: base) { _ in
            .failure(.unreachable("Neutron at http://127.0.0.1:9 could not be reached for GET port: connection refused"))
        }
    }

    /// Every port read shows another MAC.
    static func newMAC(_ base: any NetworkService, _ macAddress: String) -> PortReadingNetwork {
        PortReadingNetwork(base: base) { read in
            read.map { port in
                var changed = port
                changed.macAddress = macAddress
                return changed
            }
        }
    }

    func port(id: String) async throws(NetworkError) -> NetworkModel.Port {
        let read: Result<NetworkModel.Port, NetworkError>
        do {
            read = .success(try await base.port(id: id))
        } catch {
            read = .failure(error)
        }
        return try answer(read).get()
    }
    func network(id: String) async throws(NetworkError) -> Network { try await base.network(id: id) }
    func ports(deviceID: String) async throws(NetworkError) -> [NetworkModel.Port] { try await base.ports(deviceID: deviceID) }
    func ports(boundToHost host: String) async throws(NetworkError) -> [NetworkModel.Port] { try await base.ports(boundToHost: host) }
    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> NetworkModel.Port { try await base.bindPort(id, binding) }
    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> NetworkModel.Port {
        try await base.unbindPort(id, removingProfileKeys: keys)
    }
    func createPort(networkID: String, projectID: String, deviceID: String, fixedIP: String?) async throws(NetworkError) -> NetworkModel.Port {
        try await base.createPort(networkID: networkID, projectID: projectID, deviceID: deviceID, fixedIP: fixedIP)
    }
    func deletePort(_ id: String) async throws(NetworkError) { try await base.deletePort(id) }
}
