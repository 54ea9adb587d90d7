import APICore
import Foundation
import Hummingbird
import HummingbirdTesting
import JSONModel

/// An in-process HTTP server that answers like Neutron's ports and networks API (the
/// calls Nova makes), for driving the real Neutron client over real HTTP in tests. Tests
/// seed networks and ports, may make one kind of call fail (`inject`), and read the ports
/// back to check what the service left behind.
actor FakeNeutron {
    /// The calls a fault can be injected into.
    enum Call: Hashable, Sendable {
        case getPort, getNetwork, listPorts, bindPut, unbindPut
    }

    enum Fault: Sendable {
        /// Neutron's error answer: `{"NeutronError": {"type", "message", "detail"}}`.
        case error(status: Int, type: String, message: String)
        /// Apply the call, then answer only after `delay` (past the client's timeout).
        case slow(Duration)
    }

    var networks: [String: JSON] = [:]
    var ports: [String: JSON] = [:]
    /// host → physnets of its live "NIC Switch agent".
    var agents: [String: Set<String>] = [:]
    private var faults: [Call: Fault] = [:]
    /// Every request as `METHOD path`, in order.
    private(set) var requests: [String] = []
    /// The `X-Auth-Token` of every request, in order (`nil` when absent).
    private(set) var tokens: [String?] = []

    /// Tokens answered 401, as keystonemiddleware answers an expired or revoked one.
    private var refusedTokens: Set<String> = []

    func inject(_ fault: Fault?, into call: Call) { faults[call] = fault }

    func refuse(token: String) { refusedTokens.insert(token) }

    func setAgent(host: String, physnets: Set<String>?) { agents[host] = physnets }

    func addNetwork(_ network: JSON) {
        if let id = network["id"]?.stringValue { networks[id] = network }
    }

    /// A port as Neutron creates it: unbound, DOWN, `binding:profile` `{}`.
    @discardableResult
    func addPort(network: String, vnicType: String, project: String = "admin", deviceID: String = "",
                 profile: [String: JSON] = [:]) -> String {
        let id = UUID().uuidString.lowercased()
        ports[id] = [
            "id": .string(id), "name": "", "network_id": .string(network), "project_id": .string(project),
            "tenant_id": .string(project), "mac_address": "fa:16:3e:00:00:01",
            "fixed_ips": [["subnet_id": "5e0fe0b0-0000-4000-8000-000000000001", "ip_address": "10.9.0.5"]],
            "status": "DOWN", "admin_state_up": true, "device_id": .string(deviceID), "device_owner": "",
            "binding:host_id": "", "binding:vnic_type": .string(vnicType), "binding:profile": .object(profile),
            "binding:vif_type": "unbound", "binding:vif_details": [:], "revision_number": 1,
            "created_at": "2026-11-25T10:00:00Z", "updated_at": "2026-11-25T10:00:00Z",
        ]
        return id
    }

    func port(_ id: String) -> JSON? { ports[id] }

    /// A `direct` port on a VLAN network of physnet2, which `compute0`'s agent maps: what
    /// most tests attach.
    func directPortOnMappedVLAN() -> String {
        let network = Self.vlanNetwork()
        addNetwork(network)
        setAgent(host: "compute0", physnets: ["physnet2"])
        return addPort(network: network["id"]!.stringValue!, vnicType: "direct")
    }

    /// Sets one attribute of a port as Neutron would show it (a QoS `resource_request`, say).
    func setPortField(_ id: String, _ key: String, to value: JSON) {
        guard case .object(var fields)? = ports[id] else { return }
        fields[key] = value
        ports[id] = .object(fields)
    }

    /// A port deleted behind the service's back (as `openstack port delete` does).
    func removePort(_ id: String) { ports[id] = nil }

    // MARK: Serving

    /// Runs `body` while the fake listens on a free loopback port.
    static func run<T: Sendable>(_ body: @Sendable (FakeNeutron, Int) async throws -> T) async throws -> T {
        let fake = FakeNeutron()
        let router = Router()
        fake.addRoutes(to: router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body(fake, client.port ?? 0)
        }
    }

    nonisolated func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v2.0/ports/:id") { request, context in
            await self.note(token: request.headers[HTTPField.Name("X-Auth-Token")!])
            return await self.answer(.getPort, "GET port") { try await self.showPort(context.parameters.require("id")) }
        }
        router.get("/v2.0/ports") { request, _ in
            let query = request.uri.queryParameters
            return await self.answer(.listPorts, "GET ports") {
                await self.listPorts(deviceID: query["device_id"].map(String.init), hostID: query["binding:host_id"].map(String.init))
            }
        }
        router.get("/v2.0/networks/:id") { _, context in
            await self.answer(.getNetwork, "GET network") { try await self.showNetwork(context.parameters.require("id")) }
        }
        router.put("/v2.0/ports/:id") { request, context in
            let body = JSON.parse(Data(try await request.body.collect(upTo: 1 << 20).readableBytesView))
            let update = body?["port"]?.objectValue ?? [:]
            // Nova's unbind sends `binding:host_id: null`; its bind a host name.
            let call: Call = update["binding:host_id"] == .null ? .unbindPut : .bindPut
            return await self.answer(call, "PUT port") { try await self.updatePort(context.parameters.require("id"), update) }
        }
    }

    private func note(token: String?) { tokens.append(token) }

    /// Runs the call unless a fault says otherwise; a `slow` fault applies it first.
    private func answer(_ call: Call, _ name: String, _ work: @Sendable () async throws -> (Int, JSON)) async -> Response {
        requests.append(name)
        if let token = tokens.last ?? nil, refusedTokens.contains(token) {
            return .json(["error": ["code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."]],
                         status: .unauthorized)
        }
        let reply: (Int, JSON)
        switch faults[call] {
        case .error(let status, let type, let message)?:
            reply = (status, ["NeutronError": ["type": .string(type), "message": .string(message), "detail": ""]])
        case .slow(let delay)?:
            reply = (try? await work()) ?? (500, [:])
            try? await Task.sleep(for: delay)
        case nil:
            do {
                reply = try await work()
            } catch {
                reply = (500, ["NeutronError": ["type": "HTTPInternalServerError", "message": .string("\(error)"), "detail": ""]])
            }
        }
        return .json(reply.1, status: .init(code: reply.0))
    }
}
