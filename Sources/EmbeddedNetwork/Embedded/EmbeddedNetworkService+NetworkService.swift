import JSONModel
import NetworkModel

/// The compute manager's calls, with the admin view Nova's admin client has.
extension EmbeddedNetworkService {
    public func port(id: String) async throws(NetworkError) -> NetworkModel.Port {
        do { return try await port(id: id, caller: .admin) } catch { throw error.networkError }
    }

    public func network(id: String) async throws(NetworkError) -> Network {
        do { return try await network(id: id, caller: .admin) } catch { throw error.networkError }
    }

    /// One read transaction: the port and its network are consistent with each other.
    public func portWithNetwork(id: String) async throws(NetworkError) -> (port: NetworkModel.Port, network: Network) {
        do {
            return try await read { db in
                let port = try NetworkQueries.port(NetworkQueries.visiblePortRow(id, caller: .admin, in: db), in: db)
                return (port, try NetworkQueries.visibleNetwork(port.networkID, caller: .admin, in: db))
            }
        } catch {
            throw error.networkError
        }
    }

    public func ports(deviceID: String) async throws(NetworkError) -> [NetworkModel.Port] {
        do { return try await ports(matching: PortFilter(deviceIDs: [deviceID]), caller: .admin) } catch {
            throw error.networkError
        }
    }

    public func ports(boundToHost host: String) async throws(NetworkError) -> [NetworkModel.Port] {
        do { return try await ports(matching: PortFilter(hostIDs: [host]), caller: .admin) } catch {
            throw error.networkError
        }
    }

    /// Nova's binding PUT (§5.3 step 6): host, device, owner, the profile merged over the
    /// current one, and for PFs the PF's MAC.
    public func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> NetworkModel.Port {
        do {
            try await learnAgent(ofHost: binding.hostID)
            return try await modifyPort(id: id, caller: .admin) { current in
                PortUpdate(
                    macAddress: binding.macAddress, deviceID: binding.deviceID, deviceOwner: binding.deviceOwner,
                    bindingHostID: binding.hostID,
                    bindingProfile: current.bindingProfile.merging(binding.profile) { _, new in new })
            }
        } catch {
            throw error.networkError
        }
    }

    public func createPort(networkID: String, projectID: String, deviceID: String, fixedIP: String?) async throws(NetworkError) -> NetworkModel.Port {
        let request = PortCreate(networkID: networkID, projectID: projectID, fixedIPs: fixedIP.map { [FixedIPRequest(ipAddress: $0)] },
                                 deviceID: deviceID)
        do { return try await createPort(request, caller: .admin) } catch { throw error.networkError }
    }

    public func deletePort(_ id: String) async throws(NetworkError) {
        do { try await deletePort(id: id, caller: .admin) } catch { throw error.networkError }
    }

    /// Nova's `_unbind_ports` (§5.4).
    public func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> NetworkModel.Port {
        do {
            return try await modifyPort(id: id, caller: .admin) { current in
                PortUpdate(
                    deviceID: "", deviceOwner: "", bindingHostID: "",
                    bindingProfile: current.bindingProfile.filter { !keys.contains($0.key) })
            }
        } catch {
            throw error.networkError
        }
    }
}
