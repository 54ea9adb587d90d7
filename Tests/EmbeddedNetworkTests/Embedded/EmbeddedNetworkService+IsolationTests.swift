import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("EmbeddedNetworkService: project isolation")
struct EmbeddedIsolationTests {
    @Test("a non-admin sees its own and shared networks, not others'")
    func networkVisibility() async throws {
        let fixture = try Fixture()
        let mine = try await fixture.vlanNetwork(vlan: 1, project: "alice-project")
        let shared = try await fixture.vlanNetwork(vlan: 2, project: "bob-project", shared: true)
        let bobs = try await fixture.vlanNetwork(vlan: 3, project: "bob-project")
        let seen = try await fixture.service.networks(caller: Fixture.alice).map(\.id)
        #expect(seen == [mine.id, shared.id])
        await #expect(throws: NetworkFault.networkNotFound(bobs.id)) { try await fixture.service.network(id: bobs.id, caller: Fixture.alice) }
        #expect(try await fixture.service.networks(caller: .admin).count == 3)
        let subnets = try await fixture.service.subnets(caller: Fixture.alice).map(\.networkID)
        #expect(subnets == [mine.id, shared.id])
        await #expect(throws: NetworkFault.subnetNotFound(bobs.subnetIDs[0])) {
            try await fixture.service.subnet(id: bobs.subnetIDs[0], caller: Fixture.alice)
        }
    }

    @Test("a shared network can be used but not changed by others")
    func sharedNotWritable() async throws {
        let fixture = try Fixture()
        let shared = try await fixture.vlanNetwork(project: "bob-project", shared: true)
        let port = try await fixture.service.createPort(PortCreate(networkID: shared.id), caller: Fixture.alice)
        #expect(port.projectID == "alice-project")
        await #expect(throws: NetworkFault.policyNotAuthorized("update_network")) {
            try await fixture.service.updateNetwork(id: shared.id, NetworkUpdate(name: "x"), caller: Fixture.alice)
        }
        await #expect(throws: NetworkFault.policyNotAuthorized("delete_network")) {
            try await fixture.service.deleteNetwork(id: shared.id, caller: Fixture.alice)
        }
    }

    @Test("ports are visible to their project only")
    func portVisibility() async throws {
        let fixture = try Fixture()
        let shared = try await fixture.vlanNetwork(project: "bob-project", shared: true)
        let alices = try await fixture.service.createPort(PortCreate(networkID: shared.id), caller: Fixture.alice)
        let bobs = try await fixture.service.createPort(PortCreate(networkID: shared.id), caller: Fixture.bob)
        #expect(try await fixture.service.ports(caller: Fixture.alice).map(\.id) == [alices.id])
        await #expect(throws: NetworkFault.portNotFound(bobs.id)) { try await fixture.service.port(id: bobs.id, caller: Fixture.alice) }
        await #expect(throws: NetworkFault.portNotFound(bobs.id)) { try await fixture.service.deletePort(id: bobs.id, caller: Fixture.alice) }
        await #expect(throws: NetworkFault.portNotFound(bobs.id)) {
            try await fixture.service.updatePort(id: bobs.id, PortUpdate(name: "x"), caller: Fixture.alice)
        }
        #expect(try await fixture.service.ports(caller: .admin).count == 2)
    }

    @Test("binding attributes are admin-only; vnic type is the owner's")
    func bindingPolicy() async throws {
        let fixture = try Fixture()
        let network = try await fixture.vlanNetwork()
        await #expect(throws: NetworkFault.policyNotAuthorized("create_port:binding:host_id")) {
            try await fixture.service.createPort(PortCreate(networkID: network.id, bindingHostID: "compute0"), caller: Fixture.alice)
        }
        await #expect(throws: NetworkFault.policyNotAuthorized("create_port:binding:profile")) {
            try await fixture.service.createPort(PortCreate(networkID: network.id, bindingProfile: ["trusted": true]), caller: Fixture.alice)
        }
        let port = try await fixture.service.createPort(PortCreate(networkID: network.id, vnicType: "direct"), caller: Fixture.alice)
        await #expect(throws: NetworkFault.policyNotAuthorized("update_port:binding:host_id")) {
            try await fixture.service.updatePort(id: port.id, PortUpdate(bindingHostID: "compute0"), caller: Fixture.alice)
        }
        #expect(try await fixture.service.updatePort(id: port.id, PortUpdate(vnicType: "macvtap"), caller: Fixture.alice).vnicType == "macvtap")
    }

    @Test("another project as owner needs admin")
    func ownerOverride() async throws {
        let fixture = try Fixture()
        await #expect(throws: NetworkFault.badRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges")) {
            try await fixture.service.createNetwork(NetworkCreate(projectID: "bob-project"), caller: Fixture.alice)
        }
        #expect(try await fixture.service.createNetwork(NetworkCreate(projectID: "alice-project"), caller: Fixture.alice).projectID == "alice-project")
        #expect(try await fixture.service.createNetwork(NetworkCreate(projectID: "bob-project"), caller: .admin).projectID == "bob-project")
    }
}
