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

    @Test("the scanner records nested orders and unescapes keys")
    func scanner() {
        let order = JSONKeyOrder(scanning: Array(#"{"b": [1, {"y": 2, "x": {"q\"\u0041": null}}], "a": true}"#.utf8))
        #expect(order.keys(at: []) == ["b", "a"])
        #expect(order.keys(at: [.key("b"), .index(1)]) == ["y", "x"])
        #expect(order.keys(at: [.key("b"), .index(1), .key("x")]) == ["q\"A"])
        #expect(JSONKeyOrder(scanning: Array("{nope".utf8)).keys(at: []) == nil)
    }

    @Test("without a known order, keys are sorted")
    func fallback() {
        #expect(PythonRepr.repr(["b": 1, "a": [true, nil]]) == "{'a': [True, None], 'b': 1}")
    }
}
