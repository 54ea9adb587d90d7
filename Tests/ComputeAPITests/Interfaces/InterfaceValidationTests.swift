import TestSupport
import ComputeModel
import JSONModel
import Testing

/// Every refusal of `POST os-interface`, with the exact text Nova 34 gives for the same
/// body (obtained by running Nova's own validator on it).
@Suite("os-interface attach validation")
struct InterfaceValidationTests {
    private static let port = JSON.string(Fixtures.portID)
    private static let net = JSON.string(Fixtures.netID)
    private let path = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())/os-interface"

    private func attempt(_ raw: String?, _ body: JSON?, version: String) async throws -> (APIResponse, [RecordingComputeService.Call]) {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        let path = path
        let response = try await harness.run { api in
            try await api.send(.post, path, version: version, json: body, raw: raw)
        }
        return (response, await harness.service.calls)
    }

    static let schemaCases: [(String, JSON, String)] = [
        ("2.1", [], "[] is not of type 'object'"),
        ("2.1", "x", "'x' is not of type 'object'"),
        ("2.1", ["foo": 1], "Additional properties are not allowed ('foo' was unexpected)"),
        ("2.1", ["interfaceAttachment": "x"],
         "Invalid input for field/attribute interfaceAttachment. Value: x. 'x' is not of type 'object'"),
        ("2.1", ["interfaceAttachment": ["foo": 1]],
         "Invalid input for field/attribute interfaceAttachment. Value: {'foo': 1}. Additional properties are not allowed ('foo' was unexpected)"),
        ("2.1", ["interfaceAttachment": ["a": 1, "b": 2]],
         "Invalid input for field/attribute interfaceAttachment. Value: {'a': 1, 'b': 2}. Additional properties are not allowed ('a', 'b' were unexpected)"),
        ("2.1", ["interfaceAttachment": ["net_id": "abc"]],
         "Invalid input for field/attribute net_id. Value: abc. 'abc' is not a 'uuid'"),
        ("2.1", ["interfaceAttachment": ["port_id": "abc"]],
         "Invalid input for field/attribute port_id. Value: abc. 'abc' is not a 'uuid'"),
        ("2.1", ["interfaceAttachment": ["port_id": 5]],
         "Invalid input for field/attribute port_id. Value: 5. 5 is not of type 'string'"),
        ("2.1", ["interfaceAttachment": ["port_id": nil]],
         "Invalid input for field/attribute port_id. Value: None. None is not of type 'string'"),
        ("2.1", ["interfaceAttachment": ["port_id": port, "tag": "a"]],
         "Invalid input for field/attribute interfaceAttachment. Value: {'port_id': '\(Fixtures.portID)', 'tag': 'a'}. Additional properties are not allowed ('tag' was unexpected)"),
        ("2.48", ["interfaceAttachment": ["port_id": port, "tag": "a"]],
         "Invalid input for field/attribute interfaceAttachment. Value: {'port_id': '\(Fixtures.portID)', 'tag': 'a'}. Additional properties are not allowed ('tag' was unexpected)"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": []]],
         "Invalid input for field/attribute fixed_ips. Value: []. [] should be non-empty"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": [["ip_address": "10.0.0.1"], ["ip_address": "10.0.0.2"]]]],
         "Invalid input for field/attribute fixed_ips. Value: [{'ip_address': '10.0.0.1'}, {'ip_address': '10.0.0.2'}]. [{'ip_address': '10.0.0.1'}, {'ip_address': '10.0.0.2'}] is too long"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": [[:]]]],
         "Invalid input for field/attribute 0. Value: {}. 'ip_address' is a required property"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": [["ip_address": "10.0.0.1", "subnet_id": "x"]]]],
         "Invalid input for field/attribute 0. Value: {'ip_address': '10.0.0.1', 'subnet_id': 'x'}. Additional properties are not allowed ('subnet_id' was unexpected)"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": [["ip_address": "10.0.0.300"]]]],
         "Invalid input for field/attribute ip_address. Value: 10.0.0.300. '10.0.0.300' is not valid under any of the given schemas"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": [["ip_address": "010.0.0.1"]]]],
         "Invalid input for field/attribute ip_address. Value: 010.0.0.1. '010.0.0.1' is not valid under any of the given schemas"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": [["ip_address": "fe80::1%eth0"]]]],
         "Invalid input for field/attribute ip_address. Value: fe80::1%eth0. 'fe80::1%eth0' is not valid under any of the given schemas"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": ["10.0.0.1"]]],
         "Invalid input for field/attribute 0. Value: 10.0.0.1. '10.0.0.1' is not of type 'object'"),
        ("2.1", ["interfaceAttachment": ["net_id": net, "fixed_ips": "x"]],
         "Invalid input for field/attribute fixed_ips. Value: x. 'x' is not of type 'array'"),
        ("2.49", ["interfaceAttachment": ["port_id": port, "tag": ""]],
         "Invalid input for field/attribute tag. Value: . '' should be non-empty"),
        ("2.49", ["interfaceAttachment": ["port_id": port, "tag": "a,b"]],
         "Invalid input for field/attribute tag. Value: a,b. 'a,b' does not match '^[^,/]*$'"),
        ("2.70", ["interfaceAttachment": ["port_id": port, "tag": "a/b"]],
         "Invalid input for field/attribute tag. Value: a/b. 'a/b' does not match '^[^,/]*$'"),
        ("2.49", ["interfaceAttachment": ["port_id": port, "tag": .string(String(repeating: "x", count: 61))]],
         "Invalid input for field/attribute tag. Value: \(String(repeating: "x", count: 61)). '\(String(repeating: "x", count: 61))' is too long"),
        ("2.49", ["interfaceAttachment": ["port_id": port, "tag": 7]],
         "Invalid input for field/attribute tag. Value: 7. 7 is not of type 'string'"),
    ]

    @Test("schema violations are 400s with Nova's text, and nothing is attached", arguments: schemaCases)
    func schemaViolations(version: String, body: JSON, message: String) async throws {
        let (response, calls) = try await attempt(nil, body, version: version)
        #expect(response.status == 400)
        #expect(response.faultName == "badRequest")
        #expect(response.faultMessage == message)
        #expect(calls.isEmpty)
    }

    @Test("an empty body is validated as None, as in Nova")
    func emptyBody() async throws {
        let (response, calls) = try await attempt("", nil, version: "2.70")
        #expect(response.status == 400)
        #expect(response.faultMessage == "None is not of type 'object'")
        #expect(calls.isEmpty)
    }

    @Test("net_id and port_id together are refused")
    func bothNetAndPort() async throws {
        let (response, calls) = try await attempt(nil, ["interfaceAttachment": ["net_id": Self.net, "port_id": Self.port]],
                                                  version: "2.70")
        #expect(response.status == 400)
        #expect(response.faultMessage == "Must not input both network_id and port_id")
        #expect(calls.isEmpty)
    }

    @Test("an IP address needs a network")
    func addressWithoutNetwork() async throws {
        let body: JSON = ["interfaceAttachment": ["port_id": Self.port, "fixed_ips": [["ip_address": "10.0.0.9"]]]]
        let (response, calls) = try await attempt(nil, body, version: "2.70")
        #expect(response.status == 400)
        #expect(response.faultMessage == "Must input network_id when request IP address")
        #expect(calls.isEmpty)
    }

    @Test("the body is checked before the server is looked up, as in Nova")
    func schemaBeforeServer() async throws {
        try await APIHarness().run { api in
            let response = try await api.post("/v2.1/servers/\(Fixtures.otherServerID.uuidString)/os-interface",
                                              ["interfaceAttachment": ["port_id": "abc"]], version: "2.70")
            #expect(response.status == 400)
            let valid = try await api.post("/v2.1/servers/\(Fixtures.otherServerID.uuidString)/os-interface",
                                           ["interfaceAttachment": ["net_id": Self.net, "port_id": Self.port]], version: "2.70")
            #expect(valid.status == 404)
            #expect(valid.faultMessage == "Instance \(Fixtures.otherServerID.uuidString.lowercased()) could not be found.")
        }
    }

    @Test("UUIDs in any spelling Nova accepts reach the service in canonical form", arguments: [
        Fixtures.portID.uppercased(), "{\(Fixtures.portID)}", "urn:uuid:\(Fixtures.portID)",
        Fixtures.portID.replacingOccurrences(of: "-", with: ""),
    ])
    func uuidSpellings(spelling: String) async throws {
        let (response, calls) = try await attempt(nil, ["interfaceAttachment": ["port_id": .string(spelling)]], version: "2.70")
        #expect(response.status == 200)
        #expect(calls == [.attach(AttachInterfaceRequest(portID: Fixtures.portID), Fixtures.serverID)])
    }
}
