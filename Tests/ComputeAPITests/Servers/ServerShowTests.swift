import ComputeModel
import Foundation
import JSONModel
import Testing

@Suite("GET /servers/{id} and /servers/detail")
struct ServerShowTests {
    private let path = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())"

    private func harness(_ server: Server = Fixtures.server()) async -> APIHarness {
        let harness = APIHarness()
        await harness.service.add(server)
        await harness.service.add(Fixtures.tiny)
        await harness.service.setAddresses(["sriov-net": [.init(ipAddress: "10.0.0.5", subnetID: Fixtures.subnetID)]],
                                           for: server.id)
        await harness.service.setAttachments([Fixtures.attachment()], for: server.id)
        return harness
    }

    static let versions = ["2.1", "2.9", "2.16", "2.19", "2.26", "2.47", "2.49", "2.63", "2.70", "2.71", "2.73", "2.75", "2.96", "2.97", "2.98",
                           "2.99", "2.100", "2.102", "2.104"]

    @Test("show and detail validate against Tempest's schema, for admins and members",
          arguments: versions, [nil, APIClient.member])
    func schemas(version: String, token: String?) async throws {
        let path = path
        try await harness().run { api in
            let show = try await api.get(path, version: version, token: token)
            #expect(show.status == 200)
            TempestSchema.expectConforms(show, to: "get_server", at: version)
            // An admin lists its own project's servers unless it asks for all of them.
            let query = token == nil ? "?all_tenants=1" : ""
            let detail = try await api.get("/v2.1/servers/detail" + query, version: version, token: token)
            #expect(detail.status == 200)
            #expect(detail.json?["servers"]?.arrayValue?.count == 1)
            TempestSchema.expectConforms(detail, to: "list_servers_detail", at: version)
        }
    }

    @Test("a server no host could take shows Nova's fault, within Tempest's schema", arguments: ["2.1", "2.96"])
    func fault(version: String) async throws {
        var server = Fixtures.server(vmState: .error)
        server.fault = .noValidHost(at: Fixtures.created)
        let path = path
        try await harness(server).run { api in
            let show = try await api.get(path, version: version)
            TempestSchema.expectConforms(show, to: "get_server", at: version)
            #expect(show.json?["server"]?["status"] == "ERROR")
            #expect(show.json?["server"]?["fault"]?["code"] == 500)
            #expect(show.json?["server"]?["fault"]?["message"] == "No valid host was found. There are not enough hosts available.")
            #expect(show.json?["server"]?["fault"]?["created"]?.stringValue?.hasSuffix("Z") == true)
        }
        // No fault is shown while the server is not in ERROR.
        var active = Fixtures.server()
        active.fault = .noValidHost(at: Fixtures.created)
        try await harness(active).run { api in
            let shown = try await api.get(path, version: version)
            #expect(shown.json?["server"]?["fault"] == nil)
        }
    }

    @Test("the common fields")
    func commonFields() async throws {
        let path = path
        try await harness().run { api in
            let server = try #require(try await api.get(path, token: APIClient.member).json?["server"])
            let id = Fixtures.serverID.uuidString.lowercased()
            #expect(server["id"] == .string(id))
            #expect(server["name"] == "vm1")
            #expect(server["status"] == "ACTIVE")
            #expect(server["tenant_id"] == "demo")
            #expect(server["user_id"] == "alice")
            #expect(server["metadata"] == ["role": "test"])
            #expect(server["created"] == "2023-11-14T22:13:20Z")
            #expect(server["updated"] == "2023-11-14T22:14:20Z")
            #expect(server["OS-SRV-USG:launched_at"] == "2023-11-14T22:13:50.000000")
            #expect(server["progress"] == 0)
            #expect(server["OS-EXT-STS:vm_state"] == "active")
            #expect(server["OS-EXT-STS:power_state"] == 1)
            #expect(server["OS-EXT-STS:task_state"] == .null)
            #expect(server["hostId"] == .string(SHA224Reference.hex("demo" + "compute0")))
            #expect(server["links"] == [
                ["rel": "self", "href": .string("http://localhost/v2.1/servers/\(id)")],
                ["rel": "bookmark", "href": .string("http://localhost/servers/\(id)")],
            ])
            #expect(server["image"] == [
                "id": .string(Fixtures.imageID),
                "links": [["rel": "bookmark", "href": .string("http://localhost/images/\(Fixtures.imageID)")]],
            ])
            #expect(server["flavor"] == ["id": "1", "links": [["rel": "bookmark", "href": "http://localhost/flavors/1"]]])
            #expect(server["addresses"] == ["sriov-net": [[
                "version": 4, "addr": "10.0.0.5", "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:12:34:56",
            ]]])
        }
    }

    @Test("admins see the extended attributes, members do not")
    func extendedAttributes() async throws {
        let path = path
        try await harness().run { api in
            let admin = try #require(try await api.get(path, version: "2.3").json?["server"])
            #expect(admin["OS-EXT-SRV-ATTR:host"] == "compute0")
            #expect(admin["OS-EXT-SRV-ATTR:hypervisor_hostname"] == "compute0")
            #expect(admin["OS-EXT-SRV-ATTR:instance_name"] == "instance-11111111")
            #expect(admin["OS-EXT-SRV-ATTR:hostname"] == "vm1")
            let member = try #require(try await api.get(path, version: "2.3", token: APIClient.member).json?["server"])
            #expect(member.objectValue?.keys.contains { $0.hasPrefix("OS-EXT-SRV-ATTR:") } == false)
            let member290 = try #require(try await api.get(path, version: "2.90", token: APIClient.member).json?["server"])
            #expect(member290.objectValue?.keys.filter { $0.hasPrefix("OS-EXT-SRV-ATTR:") } == ["OS-EXT-SRV-ATTR:hostname"])
        }
    }

    @Test("fields per microversion")
    func microversionFields() async throws {
        let path = path
        let locked = Fixtures.server(locked: true, lockedReason: "maintenance")
        try await harness(locked).run { api in
            let v21 = try #require(try await api.get(path, version: "2.1").json?["server"]?.objectValue)
            for key in ["locked", "host_status", "description", "tags", "locked_reason", "server_groups",
                        "trusted_image_certificates", "pinned_availability_zone"] {
                #expect(v21[key] == nil, "\(key) at 2.1")
            }
            let v247 = try #require(try await api.get(path, version: "2.47").json?["server"])
            #expect(v247["locked"] == true)
            #expect(v247["host_status"] == "UP")
            #expect(v247["description"] == .null)
            #expect(v247["tags"] == [])
            #expect(v247["flavor"] == [
                "vcpus": 1, "ram": 512, "disk": 1, "ephemeral": 0, "swap": 0, "original_name": "m1.tiny",
                "extra_specs": ["hw:pci_numa_affinity_policy": "preferred"],
            ])
            let v296 = try #require(try await api.get(path, version: "2.96").json?["server"])
            #expect(v296["locked_reason"] == "maintenance")
            #expect(v296["server_groups"] == [])
            #expect(v296["pinned_availability_zone"] == .null)
            #expect(v296["trusted_image_certificates"] == .null)
            let member = try #require(try await api.get(path, version: "2.96", token: APIClient.member).json?["server"])
            #expect(member["host_status"] == nil)
            let detail = try await api.get("/v2.1/servers/detail?all_tenants", version: "2.96")
            let entry = try #require(detail.json?["servers"]?.arrayValue?.first)
            #expect(entry["locked_reason"] == "maintenance")
            #expect(entry["server_groups"] == nil)
        }
    }

    @Test("a server without an image shows \"\"; a building one hides its addresses")
    func imageAndBuilding() async throws {
        let path = path
        let building = Fixtures.server(imageID: nil, vmState: .building)
        try await harness(building).run { api in
            let server = try #require(try await api.get(path, version: "2.96").json?["server"])
            #expect(server["image"] == "")
            #expect(server["addresses"] == [:])
            #expect(server["status"] == "BUILD")
            #expect(server["OS-SRV-USG:launched_at"] == .null)
        }
    }

    @Test("a server whose flavor is gone shows {} from 2.47")
    func missingFlavor() async throws {
        let path = path
        try await harness(Fixtures.server(flavorID: "gone")).run { api in
            let server = try #require(try await api.get(path, version: "2.47").json?["server"])
            #expect(server["flavor"] == [:])
        }
    }

    @Test("a name instead of an id is a 404, so that clients search by name", arguments: ["vm1", "1234", "not-a-uuid"])
    func byName(name: String) async throws {
        try await harness().run { api in
            let response = try await api.get("/v2.1/servers/\(name)", version: "2.96")
            #expect(response.status == 404)
            #expect(response.faultName == "itemNotFound")
            #expect(response.faultMessage == "Instance \(name) could not be found.")
        }
    }

    @Test("an unknown or foreign server is the service's 404")
    func unknown() async throws {
        let path = path
        try await harness().run { api in
            #expect(try await api.get(path, token: "bob:other").status == 404)
            let other = try await api.get("/v2.1/servers/\(Fixtures.otherServerID.uuidString)")
            #expect(other.status == 404)
            #expect(other.faultMessage == "Instance \(Fixtures.otherServerID.uuidString.lowercased()) could not be found.")
        }
    }

    @Test("DELETE answers 204 with no body")
    func delete() async throws {
        let harness = await harness()
        let path = path
        try await harness.run { api in
            let response = try await api.delete(path, version: "2.96")
            #expect(response.status == 204)
            #expect(response.text.isEmpty)
            TempestSchema.expectConforms(response, to: "delete_server", at: "2.1")
        }
        #expect(await harness.service.calls == [.deleteServer(Fixtures.serverID)])
    }
}
