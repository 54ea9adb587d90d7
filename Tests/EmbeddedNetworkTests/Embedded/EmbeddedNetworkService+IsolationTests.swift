import TestSupport
import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("EmbeddedNetworkService: project isolation")
struct EmbeddedIsolationTests {
    @Test("a non-admin sees its own and shared networks, not others'")
    func networkVisibility() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let mine = try await fixture.vlanNetwork(vlan: 1, project: "alice-project")
        let shared = try await fixture.vlanNetwork(vlan: 2, project: "bob-project", shared: true)
        let bobs = try await fixture.vlanNetwork(vlan: 3, project: "bob-project")
        let seen = try await fixture.service.networks(caller: EmbeddedNetworkFixture.alice).map(\.id)
        #expect(seen == [mine.id, shared.id])
        await #expect(throws: NetworkFault.networkNotFound(bobs.id)) { try await fixture.service.network(id: bobs.id, caller: EmbeddedNetworkFixture.alice) }
        #expect(try await fixture.service.networks(caller: .admin).count == 3)
        let subnets = try await fixture.service.subnets(caller: EmbeddedNetworkFixture.alice).map(\.networkID)
        #expect(subnets == [mine.id, shared.id])
        await #expect(throws: NetworkFault.subnetNotFound(bobs.subnetIDs[0])) {
            try await fixture.service.subnet(id: bobs.subnetIDs[0], caller: EmbeddedNetworkFixture.alice)
        }
    }

    @Test("a shared network can be used but not changed by others")
    func sharedNotWritable() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let shared = try await fixture.vlanNetwork(project: "bob-project", shared: true)
        let port = try await fixture.service.createPort(PortCreate(networkID: shared.id), caller: EmbeddedNetworkFixture.alice)
        #expect(port.projectID == "alice-project")
        await #expect(throws: NetworkFault.policyNotAuthorized("update_network")) {
            try await fixture.service.updateNetwork(id: shared.id, NetworkUpdate(name: "x"), caller: EmbeddedNetworkFixture.alice)
        }
        await #expect(throws: NetworkFault.policyNotAuthorized("delete_network")) {
            try await fixture.service.deleteNetwork(id: shared.id, caller: EmbeddedNetworkFixture.alice)
        }
    }

    @Test("ports are visible to their project only")
    func portVisibility() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let shared = try await fixture.vlanNetwork(project: "bob-project", shared: true)
        let alices = try await fixture.service.createPort(PortCreate(networkID: shared.id), caller: EmbeddedNetworkFixture.alice)
        let bobs = try await fixture.service.createPort(PortCreate(networkID: shared.id), caller: EmbeddedNetworkFixture.bob)
        #expect(try await fixture.service.ports(caller: EmbeddedNetworkFixture.alice).map(\.id) == [alices.id])
        await #expect(throws: NetworkFault.portNotFound(bobs.id)) { try await fixture.service.port(id: bobs.id, caller: EmbeddedNetworkFixture.alice) }
        await #expect(throws: NetworkFault.portNotFound(bobs.id)) { try await fixture.service.deletePort(id: bobs.id, caller: EmbeddedNetworkFixture.alice) }
        await #expect(throws: NetworkFault.portNotFound(bobs.id)) {
            try await fixture.service.updatePort(id: bobs.id, PortUpdate(name: "x"), caller: EmbeddedNetworkFixture.alice)
        }
        #expect(try await fixture.service.ports(caller: .admin).count == 2)
    }

    @Test("binding attributes are admin-only; vnic type is the owner's")
    func bindingPolicy() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        await #expect(throws: NetworkFault.policyNotAuthorized("create_port:binding:host_id")) {
            try await fixture.service.createPort(PortCreate(networkID: network.id, bindingHostID: "compute0"), caller: EmbeddedNetworkFixture.alice)
        }
        await #expect(throws: NetworkFault.policyNotAuthorized("create_port:binding:profile")) {
            try await fixture.service.createPort(PortCreate(networkID: network.id, bindingProfile: ["trusted": true]), caller: EmbeddedNetworkFixture.alice)
        }
        let port = try await fixture.service.createPort(PortCreate(networkID: network.id, vnicType: "direct"), caller: EmbeddedNetworkFixture.alice)
        await #expect(throws: NetworkFault.policyNotAuthorized("update_port:binding:host_id")) {
            try await fixture.service.updatePort(id: port.id, PortUpdate(bindingHostID: "compute0"), caller: EmbeddedNetworkFixture.alice)
        }
        #expect(try await fixture.service.updatePort(id: port.id, PortUpdate(vnicType: "macvtap"), caller: EmbeddedNetworkFixture.alice).vnicType == "macvtap")
    }

    @Test("another project as owner needs admin")
    func ownerOverride() async throws {
        let fixture = try EmbeddedNetworkFixture()
        await #expect(throws: NetworkFault.badRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges")) {
            try await fixture.service.createNetwork(NetworkCreate(projectID: "bob-project"), caller: EmbeddedNetworkFixture.alice)
        }
        #expect(try await fixture.service.createNetwork(NetworkCreate(projectID: "alice-project"), caller: EmbeddedNetworkFixture.alice).projectID == "alice-project")
        #expect(try await fixture.service.createNetwork(NetworkCreate(projectID: "bob-project"), caller: .admin).projectID == "bob-project")
    }
}
