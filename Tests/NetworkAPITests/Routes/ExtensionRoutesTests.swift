import APICore
import Testing

@Suite("GET /v2.0/extensions")
struct ExtensionRoutesTests {
    @Test("lists binding, provider and port-numa-affinity-policy, and not multi-provider")
    func list() async throws {
        try await APIHarness().run { api in
            let response = try await api.send(.get, "/v2.0/extensions")
            #expect(response.status == 200)
            let extensions = try #require(response.json?["extensions"]?.arrayValue)
            let aliases = Set(extensions.compactMap { $0["alias"]?.stringValue })
            #expect(aliases.isSuperset(of: ["binding", "provider", "port-numa-affinity-policy", "external-net"]))
            #expect(!aliases.contains("multi-provider"))
            #expect(!aliases.contains("binding-extended"))
            for item in extensions {
                #expect(item["name"]?.stringValue != nil)
                #expect(item["updated"]?.stringValue != nil)
                #expect(item["links"] == [])
            }
        }
    }

    @Test("shows one extension; an unknown alias is a Neutron 404")
    func show() async throws {
        try await APIHarness().run { api in
            let found = try await api.send(.get, "/v2.0/extensions/binding")
            #expect(found.status == 200)
            #expect(found.json?["extension"]?["name"] == "Port Binding")
            let missing = try await api.send(.get, "/v2.0/extensions/multi-provider")
            #expect(missing.status == 404)
            #expect(missing.neutronError.message == "Extension with alias multi-provider does not exist")
        }
    }
}
