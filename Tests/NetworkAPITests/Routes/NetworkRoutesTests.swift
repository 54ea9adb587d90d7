import TestSupport
import APICore
import Testing

@Suite("/v2.0/networks")
struct NetworkRoutesTests {
    @Test("POST creates a VLAN provider network (201) with Neutron's body shape")
    func create() async throws {
        try await APIHarness().run { api in
            let response = try await api.send(
                .post, "/v2.0/networks",
                body: ["network": ["name": "sriov-vlan", "provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 101]])
            #expect(response.status == 201)
            let network = try #require(response.json?["network"]?.objectValue)
            #expect(network["name"] == "sriov-vlan")
            #expect(network["provider:network_type"] == "vlan")
            #expect(network["provider:physical_network"] == "physnet1")
            #expect(network["provider:segmentation_id"] == 101)
            #expect(network["mtu"] == 1500)
            #expect(network["status"] == "ACTIVE")
            #expect(network["shared"] == false)
            #expect(network["router:external"] == false)
            #expect(network["admin_state_up"] == true)
            #expect(network["subnets"] == [])
            #expect(network["tenant_id"] == "admin")
            #expect(network["project_id"] == "admin")
            #expect(network["revision_number"] == 1)
            let created = try #require(network["created_at"]?.stringValue)
            #expect(created.count == 20 && created.hasSuffix("Z") && created.contains("T"))
            #expect(network["id"]?.stringValue?.count == 36)
        }
    }

    @Test("GET lists and shows; a non-admin does not see provider attributes")
    func listAndShow() async throws {
        try await APIHarness().run { api in
            let (id, subnet) = try await api.vlanNetwork()
            let list = try await api.send(.get, "/v2.0/networks")
            #expect(list.status == 200)
            #expect(list.json?["networks"]?.arrayValue?.count == 1)
            let show = try await api.send(.get, "/v2.0/networks/\(id)")
            #expect(show.json?["network"]?["subnets"] == [.string(subnet)])
            let asOwner = try await api.send(.get, "/v2.0/networks/\(id)", token: APIClient.alice)
            #expect(asOwner.status == 200)
            #expect(asOwner.json?["network"]?["provider:network_type"] == nil)
            #expect(asOwner.json?["network"]?["name"] == "sriov-vlan")
        }
    }

    @Test("filters and fields")
    func filtersAndFields() async throws {
        try await APIHarness().run { api in
            let (id, _) = try await api.vlanNetwork()
            _ = try await api.send(.post, "/v2.0/networks", body: ["network": ["name": "other"]])
            let byName = try await api.send(.get, "/v2.0/networks?name=sriov-vlan&fields=id&fields=name")
            #expect(byName.json?["networks"] == [["id": .string(id), "name": "sriov-vlan"]])
            let byType = try await api.send(.get, "/v2.0/networks?provider%3Anetwork_type=vxlan")
            #expect(byType.json?["networks"]?.arrayValue?.map { $0["name"] } == ["other"])
            let byID = try await api.send(.get, "/v2.0/networks?id=\(id)&id=nope")
            #expect(byID.json?["networks"]?.arrayValue?.count == 1)
            let bad = try await api.send(.get, "/v2.0/networks?shared=maybe")
            #expect(bad.status == 400)
        }
    }

    @Test("PUT updates; provider attributes cannot change")
    func update() async throws {
        try await APIHarness().run { api in
            let (id, _) = try await api.vlanNetwork()
            let renamed = try await api.send(.put, "/v2.0/networks/\(id)", body: ["network": ["name": "renamed"]])
            #expect(renamed.status == 200)
            #expect(renamed.json?["network"]?["name"] == "renamed")
            #expect(renamed.json?["network"]?["revision_number"] == 2)
            let provider = try await api.send(.put, "/v2.0/networks/\(id)", body: ["network": ["provider:segmentation_id": 5]])
            #expect(provider.status == 400)
            #expect(provider.neutronError.message == "Invalid input for operation: Plugin does not support updating provider attributes.")
            let readOnly = try await api.send(.put, "/v2.0/networks/\(id)", body: ["network": ["status": "DOWN"]])
            #expect(readOnly.neutronError.message == "Cannot update read-only attribute status")
        }
    }

    @Test("DELETE answers 204, then 404; a network with ports is 409 NetworkInUse")
    func delete() async throws {
        try await APIHarness().run { api in
            let (id, _) = try await api.vlanNetwork()
            let port = try await api.createPort(["network_id": .string(id)])
            let inUse = try await api.send(.delete, "/v2.0/networks/\(id)")
            #expect(inUse.status == 409)
            #expect(inUse.neutronError.type == "NetworkInUse")
            _ = try await api.send(.delete, "/v2.0/ports/\(port.json?["port"]?["id"]?.stringValue ?? "")")
            let deleted = try await api.send(.delete, "/v2.0/networks/\(id)")
            #expect(deleted.status == 204)
            #expect(deleted.text.isEmpty)
            let gone = try await api.send(.get, "/v2.0/networks/\(id)")
            #expect(gone.status == 404)
            #expect(gone.neutronError.type == "NetworkNotFound")
            #expect(gone.neutronError.message == "Network \(id) could not be found.")
            #expect(gone.neutronError.detail == "")
        }
    }

    @Test("validation: VLAN without physnet, segment range, unknown type, in use — 400/409 with Neutron's messages")
    func validation() async throws {
        try await APIHarness().run { api in
            func post(_ attributes: [String: JSON]) async throws -> APIResponse {
                try await api.send(.post, "/v2.0/networks", body: ["network": .object(attributes)])
            }
            let noPhysnet = try await post(["provider:network_type": "vlan"])
            #expect(noPhysnet.status == 400)
            #expect(noPhysnet.neutronError.type == "InvalidInput")
            #expect(noPhysnet.neutronError.message == "Invalid input for operation: physical_network required for VLAN provider network.")
            let range = try await post(["provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 4095])
            #expect(range.neutronError.message == "Invalid input for operation: segmentation_id out of range (1 through 4094).")
            let unknown = try await post(["provider:network_type": "ib"])
            #expect(unknown.neutronError.message == "Invalid input for operation: network_type value 'ib' not supported.")
            let badSegment = try await post(["provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": "abc"])
            #expect(badSegment.neutronError.message == "Invalid input for provider:segmentation_id. Reason: 'abc' is not an integer.")
            _ = try await api.vlanNetwork()
            let inUse = try await post(["provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 101])
            #expect(inUse.status == 409)
            #expect(inUse.neutronError.type == "VlanIdInUse")
        }
    }

    @Test("a non-admin setting provider attributes is 403 PolicyNotAuthorized; without them it gets a tenant network")
    func providerPolicy() async throws {
        try await APIHarness().run { api in
            let refused = try await api.send(
                .post, "/v2.0/networks", body: ["network": ["provider:network_type": "vxlan"]], token: APIClient.alice)
            #expect(refused.status == 403)
            #expect(refused.neutronError.type == "PolicyNotAuthorized")
            let tenant = try await api.send(.post, "/v2.0/networks", body: ["network": ["name": "mine"]], token: APIClient.alice)
            #expect(tenant.status == 201)
            #expect(tenant.json?["network"]?["tenant_id"] == "alice-project")
            #expect(tenant.json?["network"]?["mtu"] == 1450)
        }
    }

    @Test("project isolation: another project's network is 404 and absent from the list")
    func isolation() async throws {
        try await APIHarness().run { api in
            let (id, _) = try await api.vlanNetwork(project: "bob-project")
            #expect(try await api.send(.get, "/v2.0/networks/\(id)", token: APIClient.alice).status == 404)
            #expect(try await api.send(.get, "/v2.0/networks", token: APIClient.alice).json?["networks"] == [])
            #expect(try await api.send(.get, "/v2.0/networks", token: APIClient.bob).json?["networks"]?.arrayValue?.count == 1)
            let (shared, _) = try await api.vlanNetwork(project: "bob-project", shared: true, vlan: 102)
            #expect(try await api.send(.get, "/v2.0/networks", token: APIClient.alice).json?["networks"]?.arrayValue?.map { $0["id"] } == [.string(shared)])
            #expect(try await api.send(.delete, "/v2.0/networks/\(shared)", token: APIClient.alice).status == 403)
        }
    }
}
