import AsyncHTTPClient
import Foundation
import JSONModel
import Logging
import NetworkModel

/// The network backend that is a real Neutron: the calls Nova makes with its admin
/// client (nova-behavior §5.3–§5.4) over one shared `HTTPClient`, which `shutdown()`
/// closes with the service.
///
/// Reads go to `GET /v2.0/ports/{id}`, `/v2.0/networks/{id}` and
/// `/v2.0/ports?device_id=…`; a bind is one `PUT` of `binding:host_id`,
/// `binding:profile`, `device_id` and `device_owner` (and a PF's MAC); an unbind reads
/// the port and `PUT`s the host cleared, the owner fields emptied and exactly the given
/// profile keys removed. Whether the bind took is the caller's to judge from the returned
/// `binding:vif_type`.
public final class NeutronNetworkService: NetworkService, Sendable {
    public let configuration: NeutronConfiguration
    let client: HTTPClient
    /// Every call is logged at debug level with its duration as the service saw it
    /// (connection, transfer and Neutron's work), so that an operator can tell the time
    /// spent waiting on Neutron from the time spent in the service.
    let logger: Logger
    /// The service's own Keystone token when Neutron is behind Keystone; otherwise the
    /// configured static token, if any, is sent.
    let tokenSource: (any NeutronTokenSource)?

    public init(configuration: NeutronConfiguration, tokenSource: (any NeutronTokenSource)? = nil,
                logger: Logger = Logger(label: "sriov-compute.neutron")) {
        self.configuration = configuration
        self.tokenSource = tokenSource
        self.logger = logger
        var settings = HTTPClient.Configuration()
        // A stopped Neutron must fail the call at once (connection refused), not be retried
        // with backoff until the deadline: the attach is waiting on it.
        settings.connectionPool.retryConnectionEstablishment = false
        settings.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
    }

    /// Closes the connections; the service calls it once, when it stops.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func port(id: String) async throws(NetworkError) -> NetworkModel.Port {
        let reply = try await send(.GET, "/v2.0/ports/\(Self.escaped(id))", about: .port(id), call: "GET port \(id)")
        return try Port(neutron: reply?["port"])
    }

    public func network(id: String) async throws(NetworkError) -> Network {
        let reply = try await send(
            .GET, "/v2.0/networks/\(Self.escaped(id))", about: .network(id), call: "GET network \(id)")
        return try Network(neutron: reply?["network"])
    }

    public func ports(deviceID: String) async throws(NetworkError) -> [NetworkModel.Port] {
        try await listPorts(query: "device_id=\(Self.escaped(deviceID))", call: "GET ports of \(deviceID)")
    }

    public func ports(boundToHost host: String) async throws(NetworkError) -> [NetworkModel.Port] {
        try await listPorts(query: "binding:host_id=\(Self.escaped(host))", call: "GET ports bound to \(host)")
    }

    private func listPorts(query: String, call: String) async throws(NetworkError) -> [Port] {
        let reply = try await send(.GET, "/v2.0/ports?" + query, about: .portList, call: call)
        guard let entries = reply?["ports"]?.arrayValue else {
            throw .unavailable("Neutron's answer to \(call) has no 'ports' list")
        }
        var ports: [Port] = []
        for entry in entries { ports.append(try Port(neutron: entry)) }
        return ports
    }

    public func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> NetworkModel.Port {
        let current: [String: JSON]
        if let known = binding.currentProfile {
            current = known
        } else {
            current = try await port(id: id).bindingProfile
        }
        let body = NeutronPortUpdate.bind(binding, currentProfile: current)
        let reply = try await send(.PUT, "/v2.0/ports/\(Self.escaped(id))", body: body, about: .port(id), call: "PUT port \(id) (bind)")
        return try Port(neutron: reply?["port"])
    }

    public func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> NetworkModel.Port {
        let current = try await port(id: id)
        let body = NeutronPortUpdate.unbind(currentProfile: current.bindingProfile, removingKeys: keys)
        let reply = try await send(
            .PUT, "/v2.0/ports/\(Self.escaped(id))", body: body, about: .port(id), call: "PUT port \(id) (unbind)")
        return try Port(neutron: reply?["port"])
    }

    public func createPort(networkID: String, projectID: String, deviceID: String, fixedIP: String?) async throws(NetworkError) -> NetworkModel.Port {
        var port: [String: JSON] = [
            "network_id": .string(networkID), "tenant_id": .string(projectID), "device_id": .string(deviceID), "admin_state_up": true,
        ]
        if let fixedIP { port["fixed_ips"] = [["ip_address": .string(fixedIP)]] }
        let reply = try await send(.POST, "/v2.0/ports", body: ["port": .object(port)], about: .network(networkID),
                                   call: "POST port on network \(networkID)")
        return try Port(neutron: reply?["port"])
    }

    public func deletePort(_ id: String) async throws(NetworkError) {
        _ = try await send(.DELETE, "/v2.0/ports/\(Self.escaped(id))", about: .port(id), call: "DELETE port \(id)")
    }

    /// A path segment or query value with everything but unreserved characters escaped.
    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
