/// What the compute manager needs from the network: read ports and networks, bind a port
/// to a host and a server, unbind it. Implemented by the embedded backend and by the
/// Neutron client (`NeutronNetworkService`). All calls use the admin view, as Nova's admin client does.
public protocol NetworkService: Sendable {
    func port(id: String) async throws(NetworkError) -> Port
    func network(id: String) async throws(NetworkError) -> Network
    func ports(deviceID: String) async throws(NetworkError) -> [Port]
    /// Every port whose `binding:host_id` is `host`: what the audit compares with the
    /// ledger's interfaces.
    func ports(boundToHost host: String) async throws(NetworkError) -> [Port]
    /// The port and its network, which every attach reads together.
    func portWithNetwork(id: String) async throws(NetworkError) -> (port: Port, network: Network)
    /// The result shows the binding outcome in `vifType`, possibly `binding_failed`.
    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> Port
    /// Nova's `_unbind_ports` (§5.4): `binding:host_id` cleared, `device_id`/`device_owner`
    /// set to "", exactly these profile keys removed, the others kept.
    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> Port
    /// Nova's `_create_port_minimal` for a boot's `{"uuid": network}`: a port on the
    /// network for the server's project, its `device_id` the server (so that no other
    /// server takes it), with the fixed IP asked for, if any.
    func createPort(networkID: String, projectID: String, deviceID: String, fixedIP: String?) async throws(NetworkError) -> Port
    /// Deletes a port the compute service created (Nova's `_delete_ports`, when the port is
    /// detached or its server deleted); a port that is gone already is `.portNotFound`.
    func deletePort(_ id: String) async throws(NetworkError)
}

extension NetworkService {
    /// Two calls, as Nova makes them; a backend that can answer both at once overrides it.
    public func portWithNetwork(id: String) async throws(NetworkError) -> (port: Port, network: Network) {
        let port = try await port(id: id)
        return (port, try await network(id: port.networkID))
    }
}
