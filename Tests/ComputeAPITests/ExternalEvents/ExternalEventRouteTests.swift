import ComputeModel
import Foundation
import JSONModel
import Testing

@Suite("os-server-external-events")
struct ExternalEventRouteTests {
    static let path = "/v2.1/os-server-external-events"
    static var server: String { Fixtures.serverID.uuidString.lowercased() }
    static let unknown = "99999999-0000-4000-8000-000000000001"

    static func event(_ name: String, server: String = server, tag: String? = nil, status: String? = nil) -> JSON {
        var event: [String: JSON] = ["server_uuid": .string(server), "name": .string(name)]
        if let tag { event["tag"] = .string(tag) }
        if let status { event["status"] = .string(status) }
        return .object(event)
    }

    @Test("every event taken: 200, each echoed with status completed and code 200, as the service got it")
    func allTaken() async throws {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        try await harness.run { api in
            let response = try await api.post(Self.path, ["events": [
                Self.event("network-vif-deleted", tag: Fixtures.portID),
                Self.event("network-changed", status: "in-progress"),
            ]])
            #expect(response.status == 200)
            #expect(response.json == ["events": [
                ["server_uuid": .string(Self.server), "name": "network-vif-deleted", "tag": .string(Fixtures.portID),
                 "status": "completed", "code": 200],
                ["server_uuid": .string(Self.server), "name": "network-changed", "status": "completed", "code": 200],
            ]])
        }
        let calls = await harness.service.calls
        #expect(calls.count == 1)
        guard case .externalEvents(let events, let context)? = calls.first else {
            Issue.record("the service was not asked: \(calls)")
            return
        }
        #expect(events == [
            ExternalEvent(serverID: Fixtures.serverID, name: .networkVIFDeleted, status: .completed, tag: Fixtures.portID),
            ExternalEvent(serverID: Fixtures.serverID, name: .networkChanged, status: .inProgress, tag: nil),
        ])
        #expect(context.isAdmin)
    }

    @Test("unknown server 404, a missing tag 400, a server on no host 422, per event; the answer is 207")
    func perEventCodes() async throws {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        var hostless = Fixtures.server(id: Fixtures.otherServerID, name: "vm2")
        hostless.hostName = ""
        await harness.service.add(hostless)
        try await harness.run { api in
            let response = try await api.post(Self.path, ["events": [
                Self.event("network-vif-plugged", tag: Fixtures.portID),
                Self.event("network-vif-deleted", server: Self.unknown, tag: Fixtures.portID),
                Self.event("volume-extended"),
                Self.event("network-changed", server: Fixtures.otherServerID.uuidString.lowercased()),
            ]], version: "2.51")
            #expect(response.status == 207)
            let events = try #require(response.json?["events"]?.arrayValue)
            #expect(events.map { $0["code"] } == [200, 404, 400, 422])
            #expect(events.map { $0["status"] } == ["completed", "failed", "failed", "failed"])
            #expect(events[1] == ["server_uuid": .string(Self.unknown), "name": "network-vif-deleted",
                                  "tag": .string(Fixtures.portID), "status": "failed", "code": 404])
        }
    }

    @Test("no event taken: Nova's 404 'No instances found for any event'")
    func noneTaken() async throws {
        let harness = APIHarness()
        try await harness.run { api in
            let response = try await api.post(Self.path, ["events": [Self.event("network-vif-deleted", server: Self.unknown, tag: "p")]])
            #expect(response.status == 404)
            #expect(response.faultName == "itemNotFound")
            #expect(response.faultMessage == "No instances found for any event")
        }
    }

    @Test("members get Nova's policy refusal and the service is not asked")
    func member() async throws {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        try await harness.run { api in
            let response = try await api.post(Self.path, ["events": [Self.event("network-vif-deleted", tag: "p")]], token: APIClient.member)
            #expect(response.status == 403)
            #expect(response.faultMessage == "Policy doesn't allow os_compute_api:os-server-external-events:create to be performed.")
        }
        #expect(await harness.service.calls.isEmpty)
    }

    static let invalidField = "Invalid input for field/attribute "

    @Test("bodies outside Nova's schema are refused with 400, in Nova's words, before anything is asked",
          arguments: [
            (JSON.object([:]), "2.1", "'events' is a required property"),
            (["events": []], "2.1", invalidField + "events."),
            (["events": [["name": "network-changed"]]], "2.1", invalidField + "0. Value: {'name': 'network-changed'}. 'server_uuid' is a required property"),
            (["events": [event("network-exploded")]], "2.1", invalidField + "name."),
            (["events": [event("volume-extended", tag: "v")]], "2.50", invalidField + "name."),
            (["events": [event("power-update", tag: "POWER_ON")]], "2.75", invalidField + "name."),
            (["events": [event("volume-reimaged", tag: "v")]], "2.92", invalidField + "name."),
            (["events": [event("network-changed", status: "done")]], "2.1", invalidField + "status."),
            (["events": [event("network-changed", tag: String(repeating: "t", count: 256))]], "2.1", invalidField + "tag."),
            (["events": [event("network-changed", server: "not-a-uuid")]], "2.1", invalidField + "server_uuid."),
            (["events": [["server_uuid": .string(server), "name": "network-changed", "code": 200]]], "2.1", invalidField + "0."),
            (["events": [event("network-changed")], "extra": 1], "2.1", "Additional properties are not allowed ('extra' was unexpected)"),
          ] as [(JSON, String, String)])
    func refused(body: JSON, version: String, message: String) async throws {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        try await harness.run { api in
            let response = try await api.post(Self.path, body, version: version)
            #expect(response.status == 400)
            #expect(response.faultName == "badRequest")
            #expect(response.faultMessage?.hasPrefix(message) == true, "\(response.text)")
        }
        #expect(await harness.service.calls.isEmpty)
    }

    @Test("each event name is taken from the microversion that introduced it")
    func namesByVersion() async throws {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        try await harness.run { api in
            for (name, version) in [("volume-extended", "2.51"), ("power-update", "2.76"),
                                    ("accelerator-request-bound", "2.82"), ("volume-reimaged", "2.93")] {
                let response = try await api.post(Self.path, ["events": [Self.event(name, tag: "t")]], version: version)
                #expect(response.status == 200, "\(name) at \(version): \(response.text)")
            }
        }
    }
}
