import APICore
import Testing

@Suite("GET /v2.0: the version index")
struct VersionRoutesTests {
    @Test("with and without the trailing slash, listing networks, subnets and ports with links", arguments: ["/v2.0", "/v2.0/"])
    func index(path: String) async throws {
        try await APIHarness().run { api in
            let response = try await api.send(.get, path)
            #expect(response.status == 200)
            let resources = try #require(response.json?["resources"]?.arrayValue)
            #expect(resources.compactMap { $0["collection"]?.stringValue } == ["networks", "subnets", "ports"])
            #expect(resources.compactMap { $0["name"]?.stringValue } == ["network", "subnet", "port"])
            let link = try #require(resources.first?["links"]?.arrayValue?.first)
            #expect(link["rel"] == "self")
            #expect(link["href"]?.stringValue?.hasSuffix("/v2.0/networks") == true)
            #expect(response.headers[.contentType] == "application/json")
        }
    }

    @Test("GET / is not served by the network API")
    func rootIsNotOurs() async throws {
        try await APIHarness().run { api in
            let response = try await api.send(.get, "/")
            #expect(response.status == 404)
        }
    }
}
