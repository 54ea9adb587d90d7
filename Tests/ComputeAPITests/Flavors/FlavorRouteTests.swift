import ComputeModel
import Foundation
import JSONModel
import Testing

@Suite("Flavors")
struct FlavorRouteTests {
    private func harness() async -> APIHarness {
        let harness = APIHarness()
        for flavor in [Fixtures.small, Fixtures.tiny, Fixtures.privateFlavor] { await harness.service.add(flavor) }
        return harness
    }

    @Test("list, detail and show validate against Tempest's schemas",
          arguments: ["2.1", "2.55", "2.61", "2.75", "2.96", "2.102", "2.104"], [nil, APIClient.member])
    func schemas(version: String, token: String?) async throws {
        try await harness().run { api in
            let list = try await api.get("/v2.1/flavors", version: version, token: token)
            TempestSchema.expectConforms(list, to: "list_flavors", at: version)
            let detail = try await api.get("/v2.1/flavors/detail?is_public=None", version: version, token: token)
            TempestSchema.expectConforms(detail, to: "list_flavors_details", at: version)
            let show = try await api.get("/v2.1/flavors/2", version: version, token: token)
            TempestSchema.expectConforms(show, to: "create_update_get_flavor_details", at: version)
        }
    }

    @Test("the detailed view per microversion")
    func detailView() async throws {
        try await harness().run { api in
            let v21 = try #require(try await api.get("/v2.1/flavors/1").json?["flavor"])
            #expect(v21 == [
                "id": "1", "name": "m1.tiny", "ram": 512, "disk": 1, "vcpus": 1, "swap": "",
                "OS-FLV-EXT-DATA:ephemeral": 0, "OS-FLV-DISABLED:disabled": false, "os-flavor-access:is_public": true,
                "rxtx_factor": 1,
                "links": [["rel": "self", "href": "http://localhost/v2.1/flavors/1"],
                          ["rel": "bookmark", "href": "http://localhost/flavors/1"]],
            ])
            // Written as a float, as Python writes it (the test parser reads it back as 1).
            #expect(try await api.get("/v2.1/flavors/1").text.contains("\"rxtx_factor\": 1.0"))
            let v261 = try #require(try await api.get("/v2.1/flavors/2", version: "2.61").json?["flavor"])
            #expect(v261["description"] == "small")
            #expect(v261["extra_specs"] == [:])
            #expect(v261["swap"] == 512)
            let v275 = try #require(try await api.get("/v2.1/flavors/1", version: "2.75").json?["flavor"])
            #expect(v275["swap"] == 0)
            #expect(v275["extra_specs"] == ["hw:pci_numa_affinity_policy": "preferred"])
            let brief = try await api.get("/v2.1/flavors", version: "2.55")
            #expect(brief.json?["flavors"]?.arrayValue?.first?.objectValue?.keys.sorted() == ["description", "id", "links", "name"])
        }
    }

    @Test("public flavors by default, ordered by id; admins may ask for all or private ones")
    func publicFilter() async throws {
        try await harness().run { api in
            func ids(_ query: String, token: String? = nil) async throws -> [String] {
                try await api.get("/v2.1/flavors" + query, token: token).json?["flavors"]?.arrayValue?
                    .compactMap { $0["id"]?.stringValue } ?? []
            }
            #expect(try await ids("") == ["1", "2"])
            #expect(try await ids("?is_public=None") == ["1", "2", "3"])
            #expect(try await ids("?is_public=false") == ["3"])
            #expect(try await ids("?is_public=None", token: APIClient.member) == ["1", "2"])
            #expect(try await ids("?minRam=1024") == ["2"])
            #expect(try await ids("?minDisk=10&sort_key=name&sort_dir=desc&is_public=none") == ["3", "2"])
            #expect(try await ids("?limit=1&marker=1") == ["2"])
            let bad = try await api.get("/v2.1/flavors?is_public=sometimes")
            #expect(bad.status == 400)
            #expect(bad.faultMessage == "Invalid is_public filter [sometimes]")
            #expect(try await api.get("/v2.1/flavors?minRam=lots").faultMessage == "Invalid minRam filter [lots]")
            #expect(try await api.get("/v2.1/flavors?minDisk=lots").faultMessage == "Invalid minDisk filter [lots]")
            #expect(try await api.get("/v2.1/flavors?sort_dir=up").faultMessage
                == "Invalid input for query parameters sort_dir. Value: up. 'up' is not one of ['asc', 'desc']")
            #expect(try await api.get("/v2.1/flavors?foo=1", version: "2.74").status == 200)
            #expect(try await api.get("/v2.1/flavors?foo=1", version: "2.75").faultMessage
                == "Additional properties are not allowed ('foo' was unexpected)")
        }
    }

    @Test("an unknown flavor is the service's 404")
    func unknown() async throws {
        try await harness().run { api in
            let response = try await api.get("/v2.1/flavors/99")
            #expect(response.status == 404)
            #expect(response.faultMessage == "Flavor 99 could not be found.")
        }
    }

    @Test("admins create flavors (200, the flavor) and delete them (202)")
    func manage() async throws {
        let harness = await harness()
        try await harness.run { api in
            let created = try await api.post("/v2.1/flavors", ["flavor": [
                "name": "sriov.large", "ram": "4096", "vcpus": 4, "disk": 40, "id": "sriov-l", "swap": 0,
                "rxtx_factor": "2.5", "os-flavor-access:is_public": "false", "description": "for VFs",
            ]], version: "2.61")
            #expect(created.status == 200)
            TempestSchema.expectConforms(created, to: "create_update_get_flavor_details", at: "2.61")
            #expect(created.json?["flavor"]?["extra_specs"] == [:])
            let deleted = try await api.delete("/v2.1/flavors/sriov-l")
            #expect(deleted.status == 202)
            #expect(deleted.text.isEmpty)
        }
        #expect(await harness.service.calls == [
            .createFlavor(Flavor(id: "sriov-l", name: "sriov.large", vcpus: 4, ramMB: 4096, diskGB: 40, rxtxFactor: 2.5,
                                 isPublic: false, description: "for VFs")),
            .deleteFlavor("sriov-l"),
        ])
    }

    @Test("a flavor without an id gets a UUID")
    func generatedID() async throws {
        let harness = await harness()
        try await harness.run { api in
            let created = try await api.post("/v2.1/flavors", ["flavor": ["name": "f", "ram": 1, "vcpus": 1, "disk": 0]])
            let id = try #require(created.json?["flavor"]?["id"]?.stringValue)
            #expect(UUID(uuidString: id) != nil)
        }
    }

    @Test("members may not create or delete flavors")
    func memberRefused() async throws {
        let harness = await harness()
        try await harness.run { api in
            let create = try await api.post("/v2.1/flavors", ["flavor": ["name": "f", "ram": 1, "vcpus": 1, "disk": 0]],
                                            token: APIClient.member)
            #expect(create.status == 403)
            #expect(create.faultName == "forbidden")
            #expect(create.faultMessage == "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.")
            let delete = try await api.delete("/v2.1/flavors/1", token: APIClient.member)
            #expect(delete.faultMessage == "Policy doesn't allow os_compute_api:os-flavor-manage:delete to be performed.")
        }
        #expect(await harness.service.calls.isEmpty)
    }

    /// Texts from Nova 34's validator for the same bodies.
    static let refusals: [(String, JSON, String)] = [
        ("2.1", ["flavor": ["name": "f", "ram": 0, "vcpus": 1, "disk": 0]],
         "Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1"),
        ("2.1", ["flavor": ["name": "f", "ram": "512", "vcpus": -1, "disk": 0]],
         "Invalid input for field/attribute vcpus. Value: -1. -1 is less than the minimum of 1"),
        ("2.1", ["flavor": ["name": "f", "ram": 512, "vcpus": 1, "disk": 0, "id": " x"]],
         "Invalid input for field/attribute id. Value:  x. ' x' does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'"),
        ("2.1", ["flavor": ["name": "f", "ram": 512, "vcpus": 1, "disk": 0, "rxtx_factor": 0]],
         "Invalid input for field/attribute rxtx_factor. Value: 0. 0 is less than or equal to the minimum of 0"),
        ("2.1", ["flavor": ["name": "f", "ram": 512, "vcpus": 1]],
         "Invalid input for field/attribute flavor. Value: {'name': 'f', 'ram': 512, 'vcpus': 1}. 'disk' is a required property"),
        ("2.1", ["flavor": ["name": "f", "ram": 2_147_483_648, "vcpus": 1, "disk": 0]],
         "Invalid input for field/attribute ram. Value: 2147483648. 2147483648 is greater than the maximum of 2147483647"),
        ("2.1", ["flavor": ["name": "f", "ram": .number(1.5), "vcpus": 1, "disk": 0]],
         "Invalid input for field/attribute ram. Value: 1.5. 1.5 is not of type 'integer', 'string'"),
    ]

    @Test("bad flavors are 400s with Nova's text", arguments: refusals)
    func refused(version: String, body: JSON, message: String) async throws {
        let harness = await harness()
        try await harness.run { api in
            let response = try await api.post("/v2.1/flavors", body, version: version)
            #expect(response.status == 400)
            #expect(response.faultMessage == message)
        }
        #expect(await harness.service.calls.isEmpty)
    }

    @Test("description exists from 2.55")
    func description() async throws {
        try await harness().run { api in
            let body: JSON = ["flavor": ["name": "f", "ram": 1, "vcpus": 1, "disk": 0, "description": "d"]]
            let before = try await api.post("/v2.1/flavors", body, version: "2.54")
            #expect(before.status == 400)
            let from = try await api.post("/v2.1/flavors", body, version: "2.55")
            #expect(from.status == 200)
        }
    }
}
