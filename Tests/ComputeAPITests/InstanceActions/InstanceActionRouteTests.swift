import ComputeModel
import Foundation
import JSONModel
import Testing

@Suite("os-instance-actions")
struct InstanceActionRouteTests {
    private let path = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/os-instance-actions"

    private func harness() async -> APIHarness {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        var create = Fixtures.action(requestID: "req-create", name: "create")
        create.startTime = Fixtures.created.addingTimeInterval(-60)
        await harness.service.setActions([create, Fixtures.action(failed: true)], for: Fixtures.serverID)
        return harness
    }

    @Test("list and show validate against Tempest's schemas, for admins and members",
          arguments: ["2.1", "2.51", "2.58", "2.62", "2.84", "2.96", "2.104"], [nil, APIClient.member])
    func schemas(version: String, token: String?) async throws {
        let path = path
        let schemaVersion = version == "2.96" || version == "2.104" ? "2.84" : version
        try await harness().run { api in
            let list = try await api.get(path, version: version, token: token)
            #expect(list.status == 200)
            TempestSchema.expectConforms(list, to: "list_instance_actions", at: schemaVersion)
            let show = try await api.get(path + "/req-attach", version: version, token: token)
            #expect(show.status == 200)
            TempestSchema.expectConforms(show, to: "show_instance_action", at: schemaVersion)
        }
    }

    @Test("the list is newest first, with updated_at from 2.58")
    func list() async throws {
        let path = path
        try await harness().run { api in
            let old = try #require(try await api.get(path, token: APIClient.member).json?["instanceActions"]?.arrayValue)
            #expect(old.map { $0["request_id"] } == ["req-attach", "req-create"])
            #expect(old[0] == [
                "action": "attach_interface", "instance_uuid": .string(Fixtures.serverID.uuidString.lowercased()),
                "request_id": "req-attach", "user_id": "alice", "project_id": "demo",
                "start_time": "2023-11-14T22:13:20.000000", "message": "Error",
            ])
            let new = try await api.get(path, version: "2.58", token: APIClient.member)
            #expect(new.json?["instanceActions"]?.arrayValue?.first?["updated_at"] == "2023-11-14T22:13:22.000000")
            let page = try await api.get(path + "?limit=1", version: "2.58")
            #expect(page.json?["instanceActions"]?.arrayValue?.count == 1)
            #expect(page.json?["links"]?.arrayValue?.first?["href"]?.stringValue?.hasSuffix("?limit=1&marker=req-attach") == true)
        }
    }

    @Test("events: admins always, members from 2.51; traceback and host for admins; hostId from 2.62; details from 2.84")
    func events() async throws {
        let show = path + "/req-attach"
        try await harness().run { api in
            func event(_ version: String, _ token: String?) async throws -> JSONObject? {
                try await api.get(show, version: version, token: token).json?["instanceAction"]?["events"]?.arrayValue?.first?.objectValue
            }
            #expect(try await event("2.50", APIClient.member) == nil)
            let adminOld = try #require(try await event("2.1", nil))
            #expect(adminOld == [
                "event": "compute_attach_interface", "start_time": "2023-11-14T22:13:20.000000",
                "finish_time": "2023-11-14T22:13:22.000000", "result": "Error", "traceback": "No free VF on physnet2",
            ])
            #expect(try await event("2.51", APIClient.member)?.keys.sorted() == ["event", "finish_time", "result", "start_time"])
            let hostID = SHA224Reference.hex("demo" + "compute0")
            let member62 = try #require(try await event("2.62", APIClient.member))
            #expect(member62["hostId"] == .string(hostID))
            #expect(member62["host"] == nil)
            let admin62 = try #require(try await event("2.62", nil))
            #expect(admin62["host"] == "compute0")
            #expect(try await event("2.84", APIClient.member)?["details"] == "No free VF on physnet2")
        }
    }

    @Test("an unknown request id and a name instead of a server id are 404s")
    func notFound() async throws {
        let path = path
        try await harness().run { api in
            let unknown = try await api.get(path + "/req-nope")
            #expect(unknown.status == 404)
            #expect(unknown.faultMessage == "Action req-nope not found")
            let byName = try await api.get("/v2.1/servers/vm1/os-instance-actions")
            #expect(byName.faultMessage == "Instance vm1 could not be found.")
            let badMarker = try await api.get(path + "?marker=req-nope", version: "2.58")
            #expect(badMarker.status == 400)
            #expect(badMarker.faultMessage == "marker [req-nope] not found")
        }
    }
}
