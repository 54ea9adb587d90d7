@testable import ComputeAPI
import Foundation
import JSONModel
import Testing

/// The Tempest schema check the route tests rely on must itself catch what Tempest catches.
@Suite("Tempest schema check")
struct TempestSchemaCheckTests {
    private func schema(_ name: String) throws -> Schema {
        let text = try #require(TempestSchemaTexts.byName[name])
        return TempestSchema.convert(try #require(JSON.parse(Data(text.utf8))?["response_body"]))
    }

    private static let interface: JSON = [
        "port_id": .string(Fixtures.portID), "net_id": .string(Fixtures.netID), "mac_addr": "fa:16:3e:00:00:01",
        "port_state": "DOWN", "fixed_ips": [["ip_address": "10.0.0.1", "subnet_id": .string(Fixtures.subnetID)]],
    ]

    @Test("accepts a conforming body")
    func accepts() throws {
        #expect(SchemaValidator.firstViolation(of: ["interfaceAttachment": Self.interface],
                                               against: try schema("get_create_interfaces@2.1")) == nil)
    }

    @Test("refuses a later microversion's key, a missing key, a bad format and a bad date")
    func refuses() throws {
        guard case .object(var members) = Self.interface else { return }
        members["tag"] = "t"
        #expect(SchemaValidator.firstViolation(of: ["interfaceAttachment": .object(members)],
                                               against: try schema("get_create_interfaces@2.1")) != nil)
        #expect(SchemaValidator.firstViolation(of: ["interfaceAttachment": .object(members)],
                                               against: try schema("get_create_interfaces@2.70")) == nil)
        members["mac_addr"] = nil
        #expect(SchemaValidator.firstViolation(of: ["interfaceAttachment": .object(members)],
                                               against: try schema("get_create_interfaces@2.70")) != nil)
        members["mac_addr"] = "fa:16:3e:00:00:01"
        members["port_id"] = "not-a-uuid"
        #expect(SchemaValidator.firstViolation(of: ["interfaceAttachment": .object(members)],
                                               against: try schema("get_create_interfaces@2.70")) != nil)
        let action: JSON = ["instanceActions": [[
            "action": "create", "request_id": "req-1", "user_id": "u", "project_id": "p", "message": nil,
            "instance_uuid": .string(Fixtures.serverID.uuidString), "start_time": "yesterday",
        ]]]
        #expect(SchemaValidator.firstViolation(of: action, against: try schema("list_instance_actions@2.1")) != nil)
    }

    @Test("every microversion the route tests name has a schema")
    func coverage() {
        for name in ["get_server@2.96", "list_servers_detail@2.1", "list_flavors_details@2.61", "get_image@2.1",
                     "show_instance_action@2.84", "list_interfaces@2.70"] {
            #expect(TempestSchemaTexts.byName[name] != nil, "\(name)")
        }
    }
}
