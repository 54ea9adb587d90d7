import APICore
import EmbeddedNetwork
import Foundation
import Hummingbird
import HummingbirdTesting
import NetworkAPI
import NetworkModel
import TestSupport

/// The network routes on a router with the noauth middleware and an in-memory database,
/// driven through HummingbirdTesting's router client.
struct APIHarness {
    let service: EmbeddedNetworkService
    let router: Router<APIRequestContext>

    init(agents: [String: Set<String>] = ["compute0": ["physnet1"]]) throws {
        service = try EmbeddedNetworkFixture(agents: agents).service
        router = Router(context: APIRequestContext.self)
        router.add(middleware: NoAuthMiddleware())
        addNetworkRoutes(to: router, service: service)
    }

    /// Runs `body` with a client for this router.
    func run(_ body: @Sendable (APIClient) async throws -> Void) async throws {
        let app = Application(router: router)
        try await app.test(.router) { client in try await body(APIClient(client: client)) }
    }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol

    /// `token` is the noauth `X-Auth-Token` (`user:project`); `nil` is the admin.
    func send(_ method: HTTPRequest.Method, _ uri: String, body: JSON? = nil, raw: String? = nil, token: String? = nil)
        async throws -> APIResponse
    {
        var headers: HTTPFields = [:]
        if let token { headers[.xAuthToken] = token }
        return try await client.send(method, uri, headers: headers, body: raw ?? body?.rendered)
    }

    static let alice = "alice:alice-project"
    static let bob = "bob:bob-project"

    /// An admin-made VLAN network with a /24 subnet; returns (network id, subnet id).
    func vlanNetwork(project: String = "alice-project", shared: Bool = false, vlan: Int = 101) async throws -> (String, String) {
        let network = try await send(
            .post, "/v2.0/networks",
            body: [
                "network": [
                    "name": "sriov-vlan", "tenant_id": .string(project), "shared": .bool(shared),
                    "provider:network_type": "vlan", "provider:physical_network": "physnet1",
                    "provider:segmentation_id": .int(vlan),
                ]
            ])
        let networkID = network.json?["network"]?["id"]?.stringValue ?? ""
        let subnet = try await send(
            .post, "/v2.0/subnets",
            body: ["subnet": ["network_id": .string(networkID), "ip_version": 4, "cidr": "10.99.0.0/24", "tenant_id": .string(project)]])
        return (networkID, subnet.json?["subnet"]?["id"]?.stringValue ?? "")
    }

    func createPort(_ attributes: [String: JSON], token: String? = nil) async throws -> APIResponse {
        try await send(.post, "/v2.0/ports", body: ["port": .object(attributes)], token: token)
    }
}
