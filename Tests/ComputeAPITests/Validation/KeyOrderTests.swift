@testable import ComputeAPI
import JSONModel
import Testing

/// Nova prints offending objects in the client's key order; these bodies are sent as raw
/// text so that the order is not the test encoder's.
@Suite("Values print in the client's key order")
struct KeyOrderTests {
    private static let net = Fixtures.netID
    private static let server = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())"

    static let cases: [(String, String, String)] = [
        (server + "/os-interface",
         #"{"interfaceAttachment": {"net_id": "\#(net)", "fixed_ips": [{"ip_address": "10.0.0.1"}], "tag": "x"}}"#,
         "Invalid input for field/attribute interfaceAttachment. Value: {'net_id': '\(net)', 'fixed_ips': [{'ip_address': '10.0.0.1'}], 'tag': 'x'}. Additional properties are not allowed ('tag' was unexpected)"),
        (server + "/os-interface",
         #"{"interfaceAttachment": {"net_id": "\#(net)", "fixed_ips": [{"subnet_id": "x", "ip_address": "10.0.0.1"}]}}"#,
         "Invalid input for field/attribute 0. Value: {'subnet_id': 'x', 'ip_address': '10.0.0.1'}. Additional properties are not allowed ('subnet_id' was unexpected)"),
        (server + "/os-interface",
         #"{"interfaceAttachment": {"net_id": "\#(net)", "port_id": "\#(net)", "x\u00e9": 1}}"#,
         "Invalid input for field/attribute interfaceAttachment. Value: {'net_id': '\(net)', 'port_id': '\(net)', 'xé': 1}. Additional properties are not allowed ('xé' was unexpected)"),
        ("/v2.1/servers", #"{"server": {"name": "vm", "flavorRef": "1", "description": "d"}}"#,
         "Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'description': 'd'}. Additional properties are not allowed ('description' was unexpected)"),
        ("/v2.1/servers", #"{"server": {"name": "vm", "flavorRef": "1", "metadata": {"z": "1", "bad/key": "x", "a": "2"}}}"#,
         "Invalid input for field/attribute metadata. Value: {'z': '1', 'bad/key': 'x', 'a': '2'}. 'bad/key' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'"),
        ("/v2.1/flavors", #"{"flavor": {"name": "f", "ram": 512, "vcpus": 1, "disk": 0, "description": "d"}}"#,
         "Invalid input for field/attribute flavor. Value: {'name': 'f', 'ram': 512, 'vcpus': 1, 'disk': 0, 'description': 'd'}. Additional properties are not allowed ('description' was unexpected)"),
    ]

    @Test("as Nova prints them", arguments: cases)
    func nova(path: String, raw: String, message: String) async throws {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        let response = try await harness.run { api in try await api.send(.post, path, version: "2.1", raw: raw) }
        #expect(response.status == 400)
        #expect(response.faultMessage == message)
    }

    @Test("a repeated key prints at its first position with its last value, as a Python dict")
    func repeatedKey() async throws {
        let harness = APIHarness()
        let raw = #"{"flavor": {"name": "f", "ram": 1, "name": "g", "vcpus": 1, "disk": 0, "x": 1}}"#
        let response = try await harness.run { api in try await api.send(.post, "/v2.1/flavors", version: "2.1", raw: raw) }
        #expect(response.status == 400)
        #expect(response.faultMessage == "Invalid input for field/attribute flavor. Value: {'name': 'g', 'ram': 1, 'vcpus': 1, 'disk': 0, 'x': 1}. Additional properties are not allowed ('x' was unexpected)")
    }

    @Test("an object the service built prints in the order it was built")
    func builtOrder() {
        #expect(PythonRepr.repr(["b": 1, "a": [true, nil]]) == "{'b': 1, 'a': [True, None]}")
        #expect(PythonRepr.repr(.object(["b": 1, "a": 2] as [String: JSON])) == "{'a': 2, 'b': 1}")
    }
}
