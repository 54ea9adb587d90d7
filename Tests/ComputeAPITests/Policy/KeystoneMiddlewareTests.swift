import APICore
import ComputeAPI
import JSONModel
import Testing

/// The `keystone` strategy at the HTTP edge: keystonemiddleware's refusals.
@Suite("Keystone authentication middleware")
struct KeystoneMiddlewareTests {
    private let harness = APIHarness(authenticator: ScriptedAuthenticator())

    @Test("no token, an empty one or a refused one: 401 with WWW-Authenticate naming Keystone", arguments: [nil, "", "garbage"])
    func refused(token: String?) async throws {
        try await harness.run { api in
            let response = try await api.get("/v2.1/servers", token: token)
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate") == "Keystone uri=\"\(ScriptedAuthenticator.uri)\"")
            #expect(response.json == ["error": ["code": 401, "title": "Unauthorized",
                                                "message": "The request you have made requires authentication."]])
            #expect(response.header("x-openstack-request-id")?.hasPrefix("req-") == true)
        }
        #expect(await harness.service.calls.isEmpty)
    }

    @Test("Keystone unreachable: 503 saying so, never 500 and never read as a refusal")
    func keystoneDown() async throws {
        try await harness.run { api in
            let response = try await api.post("/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/os-interface", [:],
                                              token: ScriptedAuthenticator.down)
            #expect(response.status == 503)
            #expect(response.header("WWW-Authenticate") == nil)
            let message = try #require(response.json?["error"]?["message"]?.stringValue)
            #expect(message.contains("Keystone"))
            #expect(message.contains("unreachable: connection refused"))
        }
        #expect(await harness.service.calls.isEmpty)
    }

    @Test("version discovery answers without a token; everything under /v2.1/ needs one")
    func versionsAreOpen() async throws {
        try await harness.run { api async throws in
            #expect(try await api.get("/").status == 200)
            #expect(try await api.get("/v2.1").status == 200)
            #expect(try await api.get("/v2.1/flavors").status == 401)
            #expect(try await api.send(.post, "/v2.1", json: [:]).status == 401)
        }
    }
}
