import ComputeModel
import Foundation
import JSONModel
import Testing

@Suite("Faults over HTTP")
struct FaultRouteTests {
    private let server = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())"

    @Test("a service error reaches the client as Nova's fault, with the version headers",
          arguments: [
              (ComputeError.noDeviceAvailable("Failed to claim PCI device"), 400, "badRequest"),
              (.policyRefused(rule: "os_compute_api:os-attach-interfaces:create"), 403, "forbidden"),
              (.portNotFound("x"), 404, "itemNotFound"),
              (.serverLocked(Fixtures.serverID), 409, "conflictingRequest"),
              (.hostUnavailable(host: "host3", server: Fixtures.serverID, reason: "is forced down by an operator"), 409, "conflictingRequest"),
              (.inconsistent("Failed to attach network adapter device"), 500, "computeFault"),
          ])
    func serviceErrors(error: ComputeError, status: Int, name: String) async throws {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        await harness.service.fail("attachInterface", with: error)
        try await harness.run { api in
            let response = try await api.post(server + "/os-interface", ["interfaceAttachment": ["port_id": .string(Fixtures.portID)]],
                                              version: "2.70")
            #expect(response.status == status)
            #expect(response.faultName == name)
            #expect(response.faultMessage == error.message)
            #expect(response.json?[name]?["code"] == .int(status))
            #expect(response.header("OpenStack-API-Version") == "compute 2.70")
            #expect(response.header("Content-Type") == "application/json")
        }
    }

    @Test("a body that is not JSON is Nova's 'Malformed request body'")
    func malformedBody() async throws {
        try await APIHarness().run { api in
            let response = try await api.send(.post, "/v2.1/servers", raw: "{not json")
            #expect(response.status == 400)
            #expect(response.faultMessage == "Malformed request body")
        }
    }

    @Test("unknown paths under /v2.1 are Nova's 404 fault", arguments: ["/v2.1/os-quota-sets", "/v2.1/servers/x/nothing/here"])
    func unknownPath(path: String) async throws {
        try await APIHarness().run { api in
            let response = try await api.get(path, version: "2.60")
            #expect(response.status == 404)
            #expect(response.faultName == "itemNotFound")
            #expect(response.faultMessage == "The resource could not be found.")
            #expect(response.header("X-OpenStack-Nova-API-Version") == "2.60")
        }
    }
}
