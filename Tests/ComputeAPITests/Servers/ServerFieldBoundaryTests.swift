import JSONModel
import Testing

/// Each key a microversion added is absent one version before and present from it on.
@Suite("Microversion boundaries of the views")
struct ServerFieldBoundaryTests {
    private static let server = "/v2.1/servers/\(Fixtures.serverID.uuidString.lowercased())"

    private func harness() async -> APIHarness {
        let harness = APIHarness()
        await harness.service.add(Fixtures.server())
        await harness.service.add(Fixtures.tiny)
        await harness.service.setAttachments([Fixtures.attachment()], for: Fixtures.serverID)
        await harness.service.setActions([Fixtures.action()], for: Fixtures.serverID)
        return harness
    }

    static let boundaries: [(String, String, Int)] = [
        (server, "server.OS-EXT-SRV-ATTR:kernel_id", 3), (server, "server.locked", 9), (server, "server.host_status", 16),
        (server, "server.description", 19), (server, "server.tags", 26), (server, "server.trusted_image_certificates", 63),
        (server, "server.server_groups", 71), (server, "server.locked_reason", 73),
        (server, "server.pinned_availability_zone", 96),
        ("/v2.1/flavors/1", "flavor.description", 55), ("/v2.1/flavors/1", "flavor.extra_specs", 61),
        (server + "/os-interface/" + Fixtures.portID, "interfaceAttachment.tag", 70),
        (server + "/os-instance-actions/req-attach", "instanceAction.updated_at", 58),
        (server + "/os-instance-actions/req-attach", "instanceAction.events.0.hostId", 62),
        (server + "/os-instance-actions/req-attach", "instanceAction.events.0.details", 84),
    ]

    @Test("absent before, present from", arguments: boundaries)
    func boundary(path: String, key: String, minor: Int) async throws {
        try await harness().run { api in
            let before = try await api.get(path, version: "2.\(minor - 1)")
            let from = try await api.get(path, version: "2.\(minor)")
            #expect(Self.lookup(before.json, key) == nil, "\(key) at 2.\(minor - 1)")
            #expect(Self.lookup(from.json, key) != nil, "\(key) at 2.\(minor)")
        }
    }

    @Test("flavor swap becomes an integer at 2.75")
    func swap() async throws {
        try await harness().run { api in
            let before = try await api.get("/v2.1/flavors/1", version: "2.74")
            #expect(before.json?["flavor"]?["swap"] == "")
            let from = try await api.get("/v2.1/flavors/1", version: "2.75")
            #expect(from.json?["flavor"]?["swap"] == 0)
        }
    }

    /// `a.b.0.c`: object keys and array indices.
    private static func lookup(_ json: JSON?, _ key: String) -> JSON? {
        var current = json
        for part in key.split(separator: ".") {
            if let index = Int(part) { current = current?.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil } }
            else { current = current?[String(part)] }
        }
        return current
    }
}
