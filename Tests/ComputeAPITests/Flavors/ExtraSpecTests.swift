import ComputeModel
import JSONModel
import Testing

@Suite("Flavor extra specs")
struct ExtraSpecTests {
    private let path = "/v2.1/flavors/1/os-extra_specs"

    private func harness() async -> APIHarness {
        let harness = APIHarness()
        await harness.service.add(Fixtures.tiny)
        return harness
    }

    @Test("everybody reads the specs and single keys")
    func read() async throws {
        let path = path
        try await harness().run { api in
            let all = try await api.get(path, token: APIClient.member)
            #expect(all.status == 200)
            #expect(all.json == ["extra_specs": ["hw:pci_numa_affinity_policy": "preferred"]])
            let one = try await api.get(path + "/hw:pci_numa_affinity_policy", token: APIClient.member)
            #expect(one.json == ["hw:pci_numa_affinity_policy": "preferred"])
            let missing = try await api.get(path + "/hw:numa_nodes")
            #expect(missing.status == 404)
            #expect(missing.faultMessage == "Flavor 1 has no extra specs with key hw:numa_nodes.")
        }
    }

    @Test("admins set, update and delete specs; numbers are stored as text")
    func write() async throws {
        let harness = await harness()
        let path = path
        try await harness.run { api in
            let set = try await api.post(path, ["extra_specs": ["hw:numa_nodes": 1, "trait:CUSTOM_X": "required"]])
            #expect(set.status == 200)
            #expect(set.json == ["extra_specs": ["hw:numa_nodes": "1", "trait:CUSTOM_X": "required"]])
            let update = try await api.send(.put, path + "/hw:numa_nodes", json: ["hw:numa_nodes": "2"])
            #expect(update.status == 200)
            #expect(update.json == ["hw:numa_nodes": "2"])
            let mismatch = try await api.send(.put, path + "/hw:numa_nodes", json: ["other": "2"])
            #expect(mismatch.status == 400)
            #expect(mismatch.faultMessage == "Request body and URI mismatch")
            let delete = try await api.delete(path + "/hw:numa_nodes")
            #expect(delete.status == 200)
            #expect(delete.text.isEmpty)
        }
        #expect(await harness.service.calls == [
            .setExtraSpecs(["hw:numa_nodes": "1", "trait:CUSTOM_X": "required"], "1"),
            .setExtraSpecs(["hw:numa_nodes": "2"], "1"),
            .deleteExtraSpec("hw:numa_nodes", "1"),
        ])
    }

    static let refusals: [(JSON, String)] = [
        (["extra_specs": ["bad/key": "x"]],
         "Invalid input for field/attribute extra_specs. Value: {'bad/key': 'x'}. 'bad/key' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'"),
        (["extra_specs": ["k": true]], "Invalid input for field/attribute k. Value: True. True is not of type 'string', 'number'"),
        ([:], "'extra_specs' is a required property"),
    ]

    @Test("bad specs are 400s with Nova's text", arguments: refusals)
    func refused(body: JSON, message: String) async throws {
        let path = path
        try await harness().run { api in
            let response = try await api.post(path, body)
            #expect(response.status == 400)
            #expect(response.faultMessage == message)
        }
    }

    @Test("members may not change specs")
    func memberRefused() async throws {
        let path = path
        try await harness().run { api in
            let set = try await api.post(path, ["extra_specs": ["a": "b"]], token: APIClient.member)
            #expect(set.status == 403)
            #expect(set.faultMessage == "Policy doesn't allow os_compute_api:os-flavor-extra-specs:create to be performed.")
            let update = try await api.send(.put, path + "/a", token: APIClient.member, json: ["a": "c"])
            #expect(update.faultMessage == "Policy doesn't allow os_compute_api:os-flavor-extra-specs:update to be performed.")
            let delete = try await api.delete(path + "/a", token: APIClient.member)
            #expect(delete.faultMessage == "Policy doesn't allow os_compute_api:os-flavor-extra-specs:delete to be performed.")
        }
    }
}
