import AsyncHTTPClient
import Foundation
import JSONModel
import NIOCore
import NIOHTTP1
import Testing

/// The OpenStack clients' calls to one host, over real HTTP (noauth: the admin unless a
/// `user:project` token is given); their network calls go to the cloud's one network
/// (host 1's), as a clouds.yaml names one network endpoint.
struct ClusterClient: Sendable {
    struct Reply: Sendable {
        let status: Int
        let json: JSON?
        let text: String
    }

    let base: String
    var network: String
    var token = "admin:admin"

    init(base: String, network: String? = nil) {
        self.base = base
        self.network = network ?? base
    }

    func call(_ method: HTTPMethod, _ path: String, _ body: JSON? = nil, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: (path.hasPrefix("/v2.0") ? network : base) + path)
        request.method = method
        request.headers.add(name: "X-Auth-Token", value: token)
        request.headers.add(name: "OpenStack-API-Version", value: "compute 2.96")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.rendered))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let text = String(buffer: try await response.body.collect(upTo: 16 << 20))
        return Reply(status: Int(response.status.code), json: JSON.parse(text), text: text)
    }

    func `as`(_ token: String) -> ClusterClient {
        var copy = self
        copy.token = token
        return copy
    }

    func createNetwork(physnet: String = "physnet1") async throws -> String {
        let reply = try await call(.POST, "/v2.0/networks", ["network": ["name": "net", "provider:network_type": "vlan",
                                                                         "provider:physical_network": .string(physnet), "provider:segmentation_id": 42]])
        try #require(reply.status == 201, "network create: \(reply.status) \(reply.text)")
        let id = try #require(reply.json?["network"]?["id"]?.stringValue)
        let subnet = try await call(.POST, "/v2.0/subnets", ["subnet": ["network_id": .string(id), "ip_version": 4, "cidr": "10.42.0.0/24"]])
        try #require(subnet.status == 201, "subnet create: \(subnet.status) \(subnet.text)")
        return id
    }

    func createPort(network: String, vnicType: String = "direct") async throws -> String {
        let reply = try await call(.POST, "/v2.0/ports", ["port": ["network_id": .string(network), "binding:vnic_type": .string(vnicType)]])
        try #require(reply.status == 201, "port create: \(reply.status) \(reply.text)")
        return try #require(reply.json?["port"]?["id"]?.stringValue)
    }

    func port(_ id: String) async throws -> JSON {
        let reply = try await call(.GET, "/v2.0/ports/\(id)")
        try #require(reply.status == 200, "port show: \(reply.status)")
        return try #require(reply.json?["port"])
    }

    /// `networks`: port ids, and `net:<id>` for a port the boot creates on a network.
    func boot(_ networks: [String], availabilityZone: String? = nil) async throws -> Reply {
        let list: JSON = networks.isEmpty ? "none" : .array(networks.map { entry in
            entry.hasPrefix("net:") ? ["uuid": .string(String(entry.dropFirst(4)))] : ["port": .string(entry)]
        })
        var server: [String: JSON] = ["name": "vm", "flavorRef": "1", "imageRef": "", "networks": list]
        if let availabilityZone { server["availability_zone"] = .string(availabilityZone) }
        return try await call(.POST, "/v2.1/servers", ["server": .object(server)])
    }

    /// A server that boots: its id.
    func bootedServer(_ networks: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let reply = try await boot(networks)
        try #require(reply.status == 202, "boot: \(reply.status) \(reply.text)", sourceLocation: sourceLocation)
        return try #require(reply.json?["server"]?["id"]?.stringValue, sourceLocation: sourceLocation)
    }

    func server(_ id: String) async throws -> Reply {
        try await call(.GET, "/v2.1/servers/\(id)")
    }
}
