import ComputeModel
import JSONModel
import Testing

@Suite("os-interface routes")
struct InterfaceRouteTests {
    private let base = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/os-interface"

    private func harness() async -> APIHarness {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        await harness.service.setAttachments([Fixtures.attachment(tag: "fast")], for: Fixtures.serverID)
        return harness
    }

    @Test("list and show match Tempest's schemas; tag appears from 2.70", arguments: ["2.1", "2.49", "2.70", "2.96", "2.104"])
    func listAndShow(version: String) async throws {
        let base = base
        try await harness().run { api in
            let list = try await api.get(base, version: version)
            #expect(list.status == 200)
            TempestSchema.expectConforms(list, to: "list_interfaces", at: ["2.96", "2.104"].contains(version) ? "2.70" : version)
            let entry = try #require(list.json?["interfaceAttachments"]?.arrayValue?.first)
            #expect(entry["port_id"] == .string(Fixtures.portID))
            #expect(entry["net_id"] == .string(Fixtures.netID))
            #expect(entry["mac_addr"] == "fa:16:3e:12:34:56")
            #expect(entry["port_state"] == "ACTIVE")
            #expect(entry["fixed_ips"] == [["ip_address": "10.0.0.5", "subnet_id": .string(Fixtures.subnetID)]])
            #expect(entry["tag"] == (version == "2.1" || version == "2.49" ? nil : "fast"))

            let show = try await api.get(base + "/" + Fixtures.portID, version: version)
            #expect(show.status == 200)
            TempestSchema.expectConforms(show, to: "get_create_interfaces", at: ["2.96", "2.104"].contains(version) ? "2.70" : version)
            #expect(show.json?["interfaceAttachment"] == .object(try #require(entry.objectValue)))
        }
    }

    @Test("attach answers 200 with the port, passing port, network, address and tag on")
    func attach() async throws {
        let harness = await harness()
        let base = base
        try await harness.run { api in
            let byPort = try await api.post(base, ["interfaceAttachment": ["port_id": .string(Fixtures.portID), "tag": "nic1"]],
                                            version: "2.70")
            #expect(byPort.status == 200)
            TempestSchema.expectConforms(byPort, to: "get_create_interfaces", at: "2.70")
            #expect(byPort.json?["interfaceAttachment"]?["tag"] == "nic1")

            let byNetwork = try await api.post(
                base, ["interfaceAttachment": ["net_id": .string(Fixtures.netID), "fixed_ips": [["ip_address": "10.0.0.7"]]]],
                version: "2.49")
            #expect(byNetwork.status == 200)
            #expect(byNetwork.json?["interfaceAttachment"]?["tag"] == nil)
            TempestSchema.expectConforms(byNetwork, to: "get_create_interfaces", at: "2.49")

            let empty = try await api.post(base, [:], version: "2.1")
            #expect(empty.status == 200)
        }
        #expect(await harness.service.calls == [
            .attach(AttachInterfaceRequest(portID: Fixtures.portID, tag: "nic1"), Fixtures.serverID),
            .attach(AttachInterfaceRequest(netID: Fixtures.netID, fixedIP: "10.0.0.7"), Fixtures.serverID),
            .attach(AttachInterfaceRequest(), Fixtures.serverID),
        ])
    }

    @Test("detach answers 202 with an empty body")
    func detach() async throws {
        let harness = await harness()
        let base = base
        try await harness.run { api in
            let response = try await api.delete(base + "/" + Fixtures.portID, version: "2.70")
            #expect(response.status == 202)
            #expect(response.text.isEmpty)
            #expect(response.header("Content-Length") == "0")
            TempestSchema.expectConforms(response, to: "delete_interface", at: "2.70")
        }
        #expect(await harness.service.calls == [.detach(Fixtures.portID, Fixtures.serverID)])
    }

    @Test("the service's refusals of a detach pass through", arguments: [
        (ComputeError.portNotAttached(port: "x", server: Fixtures.serverID), 404),
        (.invalidState(server: Fixtures.serverID, operation: "detach_interface", state: .vm(.suspended)), 409),
        (.acceleratorPort, 400),
    ])
    func detachRefused(error: ComputeError, status: Int) async throws {
        let harness = await harness()
        await harness.service.fail("detachInterface", with: error)
        let base = base
        try await harness.run { api in
            let response = try await api.delete(base + "/" + Fixtures.portID, version: "2.70")
            #expect(response.status == status)
            #expect(response.faultMessage == error.message)
        }
    }

    @Test("a server id that is not a UUID is an unknown instance", arguments: [
        ("GET", "/v2.1/servers/vm1/os-interface"), ("GET", "/v2.1/servers/vm1/os-interface/p"),
        ("DELETE", "/v2.1/servers/vm1/os-interface/p"),
    ])
    func nameInsteadOfID(method: String, path: String) async throws {
        try await harness().run { api in
            let response = try await api.send(method == "GET" ? .get : .delete, path, version: "2.70")
            #expect(response.status == 404)
            #expect(response.faultMessage == "Instance vm1 could not be found.")
        }
    }

    @Test("a port that is not on the server is the service's 404")
    func unknownPort() async throws {
        let base = base
        try await harness().run { api in
            let response = try await api.get(base + "/deadbeef-0000-4000-8000-000000000000", version: "2.70")
            #expect(response.status == 404)
            #expect(response.faultMessage?.hasSuffix("does not have a port with id deadbeef-0000-4000-8000-000000000000") == true)
        }
    }

    @Test("another project's server is invisible")
    func otherProject() async throws {
        let base = base
        try await harness().run { api in
            let response = try await api.get(base, version: "2.70", token: "bob:other")
            #expect(response.status == 404)
        }
    }
}
