import TestSupport
import ComputeModel
import JSONModel
import Testing

@Suite("POST /servers/{id}/action")
struct ServerActionTests {
    private let path = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/action"

    private func run(_ body: JSON?, raw: String? = nil, version: String = "2.96") async throws -> (APIResponse, [RecordingComputeService.Call]) {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        let path = path
        let response = try await harness.run { api in try await api.send(.post, path, version: version, json: body, raw: raw) }
        return (response, await harness.service.calls)
    }

    static let actions: [(JSON, ServerAction)] = [
        (["lock": nil], .lock(reason: nil)), (["unlock": nil], .unlock), (["os-stop": nil], .stop),
        (["os-start": nil], .start), (["pause": nil], .pause), (["unpause": nil], .unpause),
        (["suspend": nil], .suspend), (["resume": nil], .resume),
    ]

    @Test("each action answers 202 with no body and reaches the service", arguments: actions)
    func accepted(body: JSON, action: ServerAction) async throws {
        let (response, calls) = try await run(body)
        #expect(response.status == 202)
        #expect(response.text.isEmpty)
        #expect(calls == [.perform(action, Fixtures.serverID)])
    }

    @Test("a lock reason is read from 2.73 and ignored before")
    func lockReason() async throws {
        let body: JSON = ["lock": ["locked_reason": "maintenance"]]
        #expect(try await run(body, version: "2.73").1 == [.perform(.lock(reason: "maintenance"), Fixtures.serverID)])
        #expect(try await run(body, version: "2.72").1 == [.perform(.lock(reason: nil), Fixtures.serverID)])
    }

    static let refusals: [(String, JSON?, String?, String)] = [
        ("2.96", ["shelve": .null], nil, "There is no such action: shelve"),
        ("2.96", ["pause": nil, "unpause": nil], nil, "Malformed request body"),
        ("2.96", [:], nil, "Malformed request body"),
        ("2.96", nil, "", "Malformed request body"),
        ("2.96", nil, "pause", "Malformed request body"),
        ("2.73", ["lock": ["locked_reason": ""]], nil, "Invalid input for field/attribute locked_reason. Value: . '' should be non-empty"),
        ("2.73", ["lock": ["reason": "x"]], nil,
         "Invalid input for field/attribute lock. Value: {'reason': 'x'}. Additional properties are not allowed ('reason' was unexpected)"),
        ("2.73", ["lock": "x"], nil, "Invalid input for field/attribute lock. Value: x. 'x' is not of type 'object', 'null'"),
        ("2.73", ["lock": ["locked_reason": .string(String(repeating: "x", count: 256))]], nil,
         "Invalid input for field/attribute locked_reason. Value: \(String(repeating: "x", count: 256)). '\(String(repeating: "x", count: 256))' is too long"),
    ]

    @Test("bad bodies are 400s with Nova's text", arguments: refusals)
    func refused(version: String, body: JSON?, raw: String?, message: String) async throws {
        let (response, calls) = try await run(body, raw: raw, version: version)
        #expect(response.status == 400)
        #expect(response.faultMessage == message)
        #expect(calls.isEmpty)
    }

    @Test("the body is read before the server, and the service's refusals pass through")
    func order() async throws {
        try await APIHarness().run { api in
            let unknownAction = try await api.post("/v2.1/servers/vm1/action", ["fly": nil])
            #expect(unknownAction.status == 400)
            let unknownServer = try await api.post("/v2.1/servers/vm1/action", ["pause": nil])
            #expect(unknownServer.status == 404)
            #expect(unknownServer.faultMessage == "Instance vm1 could not be found.")
        }
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        await harness.service.fail("perform", with: .serverLocked(Fixtures.serverID))
        let path = path
        try await harness.run { api in
            let response = try await api.post(path, ["os-stop": nil], token: APIClient.member)
            #expect(response.status == 409)
            #expect(response.faultName == "conflictingRequest")
        }
    }
}
