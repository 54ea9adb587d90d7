@testable import ComputeAPI
import ComputeModel
import Foundation
import JSONModel
import TestSupport
import Testing

/// 2.97 to 2.104, each on both sides of its boundary. 2.97 (shares), 2.99 (SPICE direct
/// consoles), 2.101 (volume attach) and 2.103 (`/os-volumes_boot`) change only APIs this
/// service does not serve: they are accepted and change nothing here.
@Suite("Microversions 2.97 to 2.104")
struct LatestMicroversionTests {
    private let serverPath = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())"

    private func harness(_ server: Server = Fixtures.server()) async -> APIHarness {
        let harness = APIHarness()
        await harness.service.add(server)
        await harness.service.add(Fixtures.tiny)
        await harness.service.add(Fixtures.small)
        await harness.service.setAttachments([Fixtures.attachment()], for: server.id)
        await harness.service.setActions([Fixtures.action()], for: server.id)
        return harness
    }

    @Test("every version up to 2.104 is accepted and echoed", arguments: 97...104)
    func accepted(minor: Int) async throws {
        let path = serverPath
        try await harness().run { api in
            let response = try await api.get(path, version: "2.\(minor)")
            #expect(response.status == 200)
            #expect(response.header("OpenStack-API-Version") == "compute 2.\(minor)")
        }
    }

    @Test("2.98: the server's image shows its properties (none here), not before")
    func imageProperties() async throws {
        let path = serverPath
        try await harness().run { api in
            let v297 = try #require(try await api.get(path, version: "2.97").json?["server"]?["image"])
            #expect(v297["properties"] == nil)
            #expect(v297["id"] == .string(Fixtures.imageID))
            let v298 = try #require(try await api.get(path, version: "2.98").json?["server"]?["image"])
            #expect(v298["properties"] == [:])
            let detail = try await api.get("/v2.1/servers/detail?all_tenants=1", version: "2.98")
            #expect(detail.json?["servers"]?.arrayValue?.first?["image"]?["properties"] == [:])
            TempestSchema.expectConforms(detail, to: "list_servers_detail", at: "2.98")
        }
    }

    @Test("2.98: a server booted from a volume still shows its image as \"\"")
    func imagelessServer() async throws {
        let path = serverPath
        try await harness(Fixtures.server(imageID: nil)).run { api in
            let response = try await api.get(path, version: "2.98")
            #expect(response.json?["server"]?["image"] == "")
            TempestSchema.expectConforms(response, to: "get_server", at: "2.98")
        }
    }

    @Test("2.100: show and detail carry the scheduler hints the server was created with, not before")
    func schedulerHints() async throws {
        var server = Fixtures.server()
        // Shapes Tempest's schema takes; it refuses the list Nova shows for `group` or `query`.
        server.schedulerHints = ["same_host": [Fixtures.otherServerID.uuidString.lowercased()], "different_cell": ["cell1"]]
        let path = serverPath
        try await harness(server).run { api in
            #expect(try await api.get(path, version: "2.99").json?["server"]?["scheduler_hints"] == nil)
            let show = try await api.get(path, version: "2.100")
            #expect(show.json?["server"]?["scheduler_hints"] == [
                "same_host": [.string(Fixtures.otherServerID.uuidString.lowercased())], "different_cell": ["cell1"],
            ])
            TempestSchema.expectConforms(show, to: "get_server", at: "2.100")
            let detail = try await api.get("/v2.1/servers/detail?all_tenants=1", version: "2.100")
            #expect(detail.json?["servers"]?.arrayValue?.first?["scheduler_hints"]?["same_host"]?.arrayValue?.count == 1)
            TempestSchema.expectConforms(detail, to: "list_servers_detail", at: "2.100")
        }
    }

    @Test("2.100: a server stored before hints were kept shows none")
    func serverWithoutHints() async throws {
        let path = serverPath
        try await harness().run { api in
            let response = try await api.get(path, version: "2.100")
            #expect(response.json?["server"]?["scheduler_hints"] == [:])
        }
    }

    @Test("hints are kept as Nova's request spec keeps them: each value a list of strings")
    func hintsAsStored() {
        let body: JSON = [
            "server": ["name": "vm"],
            "os:scheduler_hints": ["group": "g1", "same_host": ["a", "b"], "count": 2, "flag": true, "query": ["=", 1]],
        ]
        #expect(CreateServerBody.schedulerHints(body) == [
            "group": ["g1"], "same_host": ["a", "b"], "count": ["2"], "flag": ["True"], "query": ["=", "1"],
        ])
        #expect(CreateServerBody.schedulerHints(["OS-SCH-HNT:scheduler_hints": ["group": "g2"]]) == ["group": ["g2"]])
        #expect(CreateServerBody.schedulerHints(["server": ["name": "vm"]]) == [:])
    }

    @Test("a create passes the hints on to the service")
    func createKeepsHints() async throws {
        let harness = await harness()
        let response = try await harness.run { api in
            try await api.send(.post, "/v2.1/servers", version: "2.100", json: [
                "server": ["name": "vm", "flavorRef": "1", "networks": "none"],
                "os:scheduler_hints": ["different_host": .string(Fixtures.serverID.uuidString.lowercased())],
            ])
        }
        #expect(response.status == 202)
        guard case .createServer(let request, _)? = await harness.service.calls.first else {
            Issue.record("no create reached the service")
            return
        }
        #expect(request.schedulerHints == ["different_host": [Fixtures.serverID.uuidString.lowercased()]])
    }

    @Test("2.102: flavors lose rxtx_factor and OS-FLV-DISABLED:disabled")
    func flavorRemovals() async throws {
        try await harness().run { api in
            let v2101 = try #require(try await api.get("/v2.1/flavors/1", version: "2.101").json?["flavor"])
            #expect(v2101["rxtx_factor"] != nil)
            #expect(v2101["OS-FLV-DISABLED:disabled"] == false)
            for path in ["/v2.1/flavors/1", "/v2.1/flavors/detail"] {
                let v2102 = try await api.get(path, version: "2.102")
                #expect(v2102.status == 200)
                let flavor = try #require(v2102.json?["flavor"] ?? v2102.json?["flavors"]?.arrayValue?.first)
                #expect(flavor["rxtx_factor"] == nil)
                #expect(flavor["OS-FLV-DISABLED:disabled"] == nil)
                #expect(flavor["os-flavor-access:is_public"] == true)
            }
        }
    }

    @Test("2.102: GET /flavors filters by name as a regular expression, anywhere in the name")
    func flavorNameFilter() async throws {
        try await harness().run { api in
            let names = { (response: APIResponse) in response.json?["flavors"]?.arrayValue?.compactMap { $0["name"]?.stringValue } }
            #expect(names(try await api.get("/v2.1/flavors?name=tiny", version: "2.102")) == ["m1.tiny"])
            #expect(names(try await api.get("/v2.1/flavors/detail?name=%5Em1%5C.", version: "2.102")) == ["m1.tiny", "m1.small"])
            #expect(names(try await api.get("/v2.1/flavors?name=nothing&name=small", version: "2.102")) == ["m1.small"])
            #expect(names(try await api.get("/v2.1/flavors?name=%28", version: "2.102")) == [])
            // Before 2.102 `name` is an unknown parameter, refused since 2.75.
            let v2101 = try await api.get("/v2.1/flavors?name=tiny", version: "2.101")
            #expect(v2101.status == 400)
            #expect(v2101.faultMessage == "Additional properties are not allowed ('name' was unexpected)")
        }
    }

    @Test("2.102: a name filter too complex to run is a 400 naming the limit")
    func flavorNameFilterTooComplex() async throws {
        try await harness().run { api in
            let response = try await api.get("/v2.1/flavors?name=(%3F:a%3F)%7B9999%7D", version: "2.102")
            #expect(response.status == 400)
            #expect(response.faultMessage?.hasPrefix("The name filter is too complex") == true)
            #expect(response.faultMessage?.hasSuffix("more than 2000.") == true)
        }
    }

    @Test("2.102: rxtx_factor is no longer a sort key")
    func rxtxSortKey() async throws {
        try await harness().run { api in
            #expect(try await api.get("/v2.1/flavors?sort_key=rxtx_factor", version: "2.101").status == 200)
            let v2102 = try await api.get("/v2.1/flavors?sort_key=rxtx_factor", version: "2.102")
            #expect(v2102.status == 400)
            #expect(v2102.faultMessage == "Invalid input for query parameters sort_key. Value: rxtx_factor. 'rxtx_factor' is not one of "
                + "['created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid', 'id', 'is_public', 'memory_mb', 'name', "
                + "'root_gb', 'swap', 'updated_at', 'vcpu_weight', 'vcpus']")
        }
    }

    @Test("2.102: a flavor create may no longer give rxtx_factor")
    func rxtxCreate() async throws {
        let flavor: JSON = ["flavor": ["name": "f", "ram": 512, "vcpus": 1, "disk": 1, "rxtx_factor": 2.0]]
        let harness = await harness()
        try await harness.run { api in
            let v2101 = try await api.send(.post, "/v2.1/flavors", version: "2.101", json: flavor)
            #expect(v2101.status == 200)
            let v2102 = try await api.send(.post, "/v2.1/flavors", version: "2.102", json: flavor)
            #expect(v2102.status == 400)
            #expect(v2102.faultMessage?.hasSuffix("Additional properties are not allowed ('rxtx_factor' was unexpected)") == true)
        }
        // The refused create reached nothing.
        let creates = await harness.service.calls.filter { if case .createFlavor = $0 { true } else { false } }
        #expect(creates.count == 1)
    }

    static let strictRoutes = [
        "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())",
        "/v2.1/flavors/1",
        "/v2.1/flavors/1/os-extra_specs",
        "/v2.1/flavors/1/os-extra_specs/hw:pci_numa_affinity_policy",
        "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/os-interface",
        "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/os-interface/\(Fixtures.portID)",
        "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/os-instance-actions/req-attach",
    ]

    @Test("2.102: routes refuse query parameters they do not take; before, they are ignored", arguments: strictRoutes)
    func unknownQuery(path: String) async throws {
        try await harness().run { api in
            #expect(try await api.get(path, version: "2.102").status == 200)
            #expect(try await api.get(path + "?foo=1", version: "2.101").status == 200)
            let refused = try await api.get(path + "?foo=1&bar=2", version: "2.102")
            #expect(refused.status == 400)
            #expect(refused.faultMessage == "Additional properties are not allowed ('bar', 'foo' were unexpected)")
        }
    }

    @Test("2.102: the query is refused before the server is looked up, as Nova validates it first")
    func unknownQueryBeforeLookup() async throws {
        try await harness().run { api in
            let response = try await api.get("/v2.1/servers/\(UUID().uuidString.lowercased())?foo=1", version: "2.102")
            #expect(response.status == 400)
        }
    }
}
