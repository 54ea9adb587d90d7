import TestSupport
import ComputeModel
import JSONModel
import Testing

@Suite("POST /servers")
struct ServerCreateTests {
    private static let port = JSON.string(Fixtures.portID)
    private static let net = JSON.string(Fixtures.netID)

    private func create(_ body: JSON, version: String, token: String? = nil) async throws -> (APIResponse, [RecordingComputeService.Call]) {
        let harness = APIHarness()
        let response = try await harness.run { api in try await api.post("/v2.1/servers", body, version: version, token: token) }
        return (response, await harness.service.calls)
    }

    private func createRequest(in calls: [RecordingComputeService.Call]) -> CreateServerRequest? {
        if case .createServer(let request, _)? = calls.first { return request }
        return nil
    }

    @Test("answers 202 with id, links, adminPass and a Location, as Tempest expects")
    func created() async throws {
        let (response, calls) = try await create(
            ["server": ["name": "vm1", "flavorRef": "1", "imageRef": .string(Fixtures.imageID), "networks": [["port": Self.port]],
                        "metadata": ["a": "b"]]],
            version: "2.70", token: APIClient.member)
        #expect(response.status == 202)
        TempestSchema.expectConforms(response, to: "create_server", at: "2.1")
        let server = try #require(response.json?["server"])
        let id = try #require(server["id"]?.stringValue)
        #expect(server["adminPass"]?.stringValue?.count == 12)
        #expect(server["OS-DCF:diskConfig"] == "MANUAL")
        #expect(server["security_groups"] == [["name": "default"]])
        #expect(response.header("Location") == "http://localhost/v2.1/servers/\(id)")
        let request = try #require(createRequest(in: calls))
        #expect(request == CreateServerRequest(name: "vm1", flavorID: "1", imageID: Fixtures.imageID,
                                               networks: .list([.port(id: Fixtures.portID, tag: nil)]), metadata: ["a": "b"]))
        guard case .createServer(_, let context)? = calls.first else { return }
        #expect(context.projectID == "demo")
        #expect(context.userID == "alice")
        #expect(!context.isAdmin)
        #expect(context.requestID == response.header("x-compute-request-id"))
    }

    @Test("availability_zone: nova places freely, nova:HOST forces the host (admin only), another zone is Nova's 400")
    func availabilityZone() async throws {
        func body(_ zone: String) -> JSON {
            ["server": ["name": "vm", "flavorRef": "1", "networks": "none", "availability_zone": .string(zone)]]
        }
        let (plain, plainCalls) = try await create(body("nova"), version: "2.37", token: APIClient.member)
        #expect(plain.status == 202)
        #expect(createRequest(in: plainCalls)?.forcedHost == nil)
        let (forced, forcedCalls) = try await create(body("nova:host2"), version: "2.37")
        #expect(forced.status == 202)
        #expect(createRequest(in: forcedCalls)?.forcedHost == "host2")
        let (node, nodeCalls) = try await create(body("nova::host3"), version: "2.37")
        #expect(node.status == 202)
        #expect(createRequest(in: nodeCalls)?.forcedHost == "host3")
        let (member, memberCalls) = try await create(body("nova:host2"), version: "2.37", token: APIClient.member)
        #expect(member.status == 403)
        #expect(member.faultMessage == "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.")
        #expect(memberCalls.isEmpty)
        let (other, otherCalls) = try await create(body("az2"), version: "2.37")
        #expect(other.status == 400)
        #expect(other.faultMessage == "The requested availability zone is not available")
        #expect(otherCalls.isEmpty)
    }

    @Test("the given adminPass and security groups are echoed")
    func echoed() async throws {
        let (response, _) = try await create(["server": ["name": "vm", "flavorRef": "1", "adminPass": "s3cret", "networks": "none",
                                                         "security_groups": [["name": "web"]]]],
                                             version: "2.37")
        #expect(response.json?["server"]?["adminPass"] == "s3cret")
        #expect(response.json?["server"]?["security_groups"] == [["name": "web"]])
    }

    static let networkCases: [(String, JSON, CreateServerRequest.Networks)] = [
        ("2.37", "none", .none),
        ("2.37", "auto", .auto),
        ("2.1", [["uuid": net, "fixed_ip": "10.0.0.4"]], .list([.network(id: Fixtures.netID, fixedIP: "10.0.0.4", tag: nil)])),
        ("2.32", [["port": port, "tag": "a"]], .list([.port(id: Fixtures.portID, tag: "a")])),
        ("2.42", [["uuid": net, "tag": "b"]], .list([.network(id: Fixtures.netID, fixedIP: nil, tag: "b")])),
        ("2.1", [["port": nil, "uuid": net]], .list([.network(id: Fixtures.netID, fixedIP: nil, tag: nil)])),
        ("2.1", [], .list([])),
    ]

    @Test("networks become the request's networks", arguments: networkCases)
    func networks(version: String, networks: JSON, expected: CreateServerRequest.Networks) async throws {
        let (response, calls) = try await create(["server": ["name": "vm", "flavorRef": "1", "networks": networks]], version: version)
        #expect(response.status == 202)
        #expect(createRequest(in: calls)?.networks == expected)
    }

    @Test("no networks before 2.37 asks for automatic allocation; imageRef \"\" is no image; flavor links and numbers are ids")
    func defaults() async throws {
        let (_, calls) = try await create(["server": ["name": "vm", "flavorRef": "http://h/v2.1/flavors/42", "imageRef": ""]],
                                          version: "2.1")
        #expect(createRequest(in: calls) == CreateServerRequest(name: "vm", flavorID: "42", imageID: nil, networks: .auto))
        let (_, numeric) = try await create(["server": ["name": "vm", "flavorRef": 7, "imageRef": .string(Fixtures.imageID.uppercased()),
                                                        "networks": "none"]], version: "2.37")
        #expect(createRequest(in: numeric)?.flavorID == "7")
        #expect(createRequest(in: numeric)?.imageID == Fixtures.imageID)
    }

    /// Texts from Nova 34's validator for the same bodies.
    static let refusals: [(String, JSON, String)] = [
        ("2.1", [:], "'server' is a required property"),
        ("2.1", ["server": [:]], "Invalid input for field/attribute server. Value: {}. 'name' is a required property"),
        ("2.1", ["server": ["name": "vm"]], "Invalid input for field/attribute server. Value: {'name': 'vm'}. 'flavorRef' is a required property"),
        ("2.1", ["server": ["name": "", "flavorRef": "1"]], "Invalid input for field/attribute name. Value: . '' should be non-empty"),
        ("2.1", ["server": ["name": " vm", "flavorRef": "1"]],
         "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace."),
        ("2.1", ["server": ["name": "vm", "flavorRef": ""]], "Invalid input for field/attribute flavorRef. Value: . '' should be non-empty"),
        ("2.1", ["server": ["name": "vm", "flavorRef": .number(1.5)]],
         "Invalid input for field/attribute flavorRef. Value: 1.5. 1.5 is not of type 'string', 'integer'"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "imageRef": "abc"]],
         "Invalid input for field/attribute imageRef. Value: abc. 'abc' is not valid under any of the given schemas"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "networks": "none"]],
         "Invalid input for field/attribute networks. Value: none. 'none' is not of type 'array'"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "networks": [["port": "abc"]]]],
         "Invalid input for field/attribute port. Value: abc. 'abc' is not a 'uuid'"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "networks": [["port": port, "tag": "t"]]]],
         "Invalid input for field/attribute 0. Value: {'port': '\(Fixtures.portID)', 'tag': 't'}. Additional properties are not allowed ('tag' was unexpected)"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "min_count": 0]],
         "Invalid input for field/attribute min_count. Value: 0. 0 is less than the minimum of 1"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "min_count": "x"]],
         "Invalid input for field/attribute min_count. Value: x. 'x' does not match '^[0-9]*$'"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "metadata": ["a": 1]]],
         "Invalid input for field/attribute a. Value: 1. 1 is not of type 'string'"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "metadata": ["bad/key": "x"]]],
         "Invalid input for field/attribute metadata. Value: {'bad/key': 'x'}. 'bad/key' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "config_drive": "maybe"]],
         "Invalid input for field/attribute config_drive. Value: maybe. 'maybe' is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1"], "extra": 1], "Additional properties are not allowed ('extra' was unexpected)"),
        ("2.37", ["server": ["name": "vm", "flavorRef": "1", "networks": "some"]],
         "Invalid input for field/attribute networks. Value: some. 'some' is not valid under any of the given schemas"),
        ("2.37", ["server": ["name": "vm", "flavorRef": "1", "networks": [["uuid": "abc"]]]],
         "Invalid input for field/attribute networks. Value: [{'uuid': 'abc'}]. [{'uuid': 'abc'}] is not valid under any of the given schemas"),
        ("2.42", ["server": ["name": "vm", "flavorRef": "1", "networks": [["port": port, "tag": "a/b"]]]],
         "Invalid input for field/attribute networks. Value: [{'port': '\(Fixtures.portID)', 'tag': 'a/b'}]. [{'port': '\(Fixtures.portID)', 'tag': 'a/b'}] is not valid under any of the given schemas"),
        // Nova's controller checks, after the schema.
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "networks": [["uuid": "abc"]]]],
         "Bad networks format: network uuid is not in proper format (abc)"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "networks": [["fixed_ip": "10.0.0.1"]]]],
         "Bad network format: missing 'uuid'"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "networks": [["port": port, "fixed_ip": "10.0.0.1"]]]],
         "Specified Fixed IP '10.0.0.1' cannot be used with port '\(Fixtures.portID)': the two cannot be specified together."),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "networks": [["port": port], ["port": port]]]],
         "Port ID '\(Fixtures.portID)' was specified twice: you cannot attach a port multiple times."),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "min_count": 3, "max_count": 2]], "min_count must be <= max_count"),
        ("2.1", ["server": ["name": "vm", "flavorRef": "1", "max_count": 2]],
         "This service creates one server per request: min_count and max_count must be 1."),
    ]

    @Test("refusals are 400s naming the field, and nothing is created", arguments: refusals)
    func refused(version: String, body: JSON, message: String) async throws {
        let (response, calls) = try await create(body, version: version)
        #expect(response.status == 400)
        #expect(response.faultMessage == message)
        #expect(calls.isEmpty)
    }

    @Test("networks is required from 2.37")
    func networksRequired() async throws {
        let (response, _) = try await create(["server": ["name": "vm", "flavorRef": "1"]], version: "2.37")
        #expect(response.status == 400)
        #expect(response.faultMessage?.hasSuffix("'networks' is a required property") == true)
    }

    @Test("description exists from 2.19")
    func description() async throws {
        let body: JSON = ["server": ["name": "vm", "flavorRef": "1", "description": "d"]]
        #expect(try await create(body, version: "2.18").0.status == 400)
        #expect(try await create(body, version: "2.19").0.status == 202)
    }

    @Test("the service's refusal passes through")
    func serviceRefusal() async throws {
        let harness = APIHarness()
        await harness.service.fail("createServer", with: .bootFlavorNotFound("9"))
        try await harness.run { api in
            let response = try await api.post("/v2.1/servers", ["server": ["name": "vm", "flavorRef": "9", "networks": "none"]],
                                              version: "2.96")
            #expect(response.status == 400)
            #expect(response.faultMessage == "Flavor 9 could not be found.")
        }
    }
}
