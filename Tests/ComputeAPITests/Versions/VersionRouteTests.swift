import JSONModel
import Testing

@Suite("Version discovery and microversion headers")
struct VersionRouteTests {
    @Test("GET / lists v2.0 and v2.1 without microversion headers")
    func root() async throws {
        try await APIHarness().run { api in
            let response = try await api.get("/", version: "2.70")
            #expect(response.status == 200)
            let versions = try #require(response.json?["versions"]?.arrayValue)
            #expect(versions.map { $0["id"]?.stringValue } == ["v2.0", "v2.1"])
            #expect(versions[1]["status"] == "CURRENT")
            #expect(versions[1]["version"] == "2.104")
            #expect(versions[1]["min_version"] == "2.1")
            #expect(versions[1]["links"]?.arrayValue?.first?["href"] == "http://localhost/v2.1/")
            #expect(response.header("OpenStack-API-Version") == nil)
            #expect(response.header("x-compute-request-id")?.hasPrefix("req-") == true)
            TempestSchema.expectConforms(response, to: "list_versions", at: "2.1")
        }
    }

    @Test("GET /v2.1 and /v2.1/ answer the version document", arguments: ["/v2.1", "/v2.1/"])
    func versionDocument(path: String) async throws {
        try await APIHarness().run { api in
            let response = try await api.get(path)
            #expect(response.status == 200)
            let version = try #require(response.json?["version"])
            #expect(version["id"] == "v2.1")
            #expect(version["version"] == "2.104")
            #expect(version["min_version"] == "2.1")
            #expect(version["links"]?.arrayValue?.first == ["rel": "self", "href": "http://localhost/v2.1/"])
            #expect(version["media-types"]?.arrayValue?.first?["type"]
                == "application/vnd.openstack.compute+json;version=2.1")
            TempestSchema.expectConforms(response, to: "get_one_version", at: "2.1")
        }
    }

    @Test("every versioned answer carries the negotiated version, Vary and the request id")
    func headers() async throws {
        try await APIHarness().run { api in
            let response = try await api.get("/v2.1", version: "2.49")
            #expect(response.header("OpenStack-API-Version") == "compute 2.49")
            #expect(response.header("X-OpenStack-Nova-API-Version") == "2.49")
            #expect(response.header("Vary") == "OpenStack-API-Version, X-OpenStack-Nova-API-Version")
            let computeID = try #require(response.header("x-compute-request-id"))
            #expect(computeID.hasPrefix("req-"))
            #expect(response.header("x-openstack-request-id") == computeID)
        }
    }

    @Test("no version header means 2.1; latest means 2.104")
    func defaults() async throws {
        try await APIHarness().run { api in
            #expect(try await api.get("/v2.1").header("OpenStack-API-Version") == "compute 2.1")
            let latest = try await api.send(.get, "/v2.1", headers: [.openStackAPIVersion: "compute latest"])
            #expect(latest.header("X-OpenStack-Nova-API-Version") == "2.104")
            let legacy = try await api.send(.get, "/v2.1", headers: [.xOpenStackNovaAPIVersion: "2.60"])
            #expect(legacy.header("OpenStack-API-Version") == "compute 2.60")
        }
    }

    @Test("an unsupported version is a 406 computeFault that echoes the version asked for")
    func notAcceptable() async throws {
        try await APIHarness().run { api in
            let response = try await api.get("/v2.1/servers", version: "2.105")
            #expect(response.status == 406)
            #expect(response.faultName == "computeFault")
            #expect(response.faultMessage == "Version 2.105 is not supported by the API. Minimum is 2.1 and maximum is 2.104.")
            #expect(response.json?["computeFault"]?["code"] == 406)
            #expect(response.header("OpenStack-API-Version") == "compute 2.105")
            #expect(response.header("x-compute-request-id") != nil)
        }
    }

    @Test("a malformed version is a 400 without version headers")
    func malformed() async throws {
        try await APIHarness().run { api in
            let response = try await api.send(.get, "/v2.1/flavors", headers: [.xOpenStackNovaAPIVersion: "two"])
            #expect(response.status == 400)
            #expect(response.faultName == "badRequest")
            #expect(response.faultMessage == "API Version String two is of invalid format. Must be of format MajorNum.MinorNum.")
            #expect(response.header("OpenStack-API-Version") == nil)
            #expect(response.header("Vary") == nil)
        }
    }

    @Test("the request id of the response is the one the service was given")
    func requestIDReachesService() async throws {
        let harness = APIHarness()
        try await harness.run { api in
            let response = try await api.send(.get, "/v2.1/servers", headers: [.xOpenStackRequestID: "req-given-by-client"])
            #expect(response.header("x-compute-request-id") == "req-given-by-client")
        }
        let calls = await harness.service.calls
        guard case .servers(_, let context)? = calls.last else {
            Issue.record("servers() was not called")
            return
        }
        #expect(context.requestID == "req-given-by-client")
    }
}
