import APICore
import EmbeddedNetwork
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import NetworkAPI
import NetworkModel

/// The network routes on a router with the noauth middleware and an in-memory database,
/// driven through HummingbirdTesting's router client.
struct APIHarness {
    let service: EmbeddedNetworkService
    let router: Router<APIRequestContext>

    init(agents: [String: Set<String>] = ["compute0": ["physnet1"]]) throws {
        let database = try DatabaseQueue()
        try EmbeddedNetworkService.migrate(database)
        service = EmbeddedNetworkService(database: database, agents: BindingAgents(agents))
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

/// A response reduced to what the tests check.
struct APIResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var json: JSON?
    var bodyText: String

    /// The `NeutronError` body, as (type, message).
    var neutronError: (type: String?, message: String?, detail: String?) {
        let error = json?["NeutronError"]
        return (error?["type"]?.stringValue, error?["message"]?.stringValue, error?["detail"]?.stringValue)
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
        if body != nil || raw != nil { headers[.contentType] = "application/json" }
        let text = raw ?? body?.rendered
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: text.map { ByteBuffer(string: $0) }
        ) { response in
            let bodyText = String(buffer: response.body)
            return APIResponse(
                status: response.status, headers: response.headers, json: JSON.parse(Data(bodyText.utf8)), bodyText: bodyText)
        }
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
