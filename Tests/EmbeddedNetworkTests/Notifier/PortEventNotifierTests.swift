import TestSupport
import Foundation
import Testing

@testable import EmbeddedNetwork
import NetworkModel

/// The embedded network tells the compute service about a deleted port as Neutron's Nova
/// notifier does: only for a port a compute service owns for a server, after the delete.
struct PortEventNotifierTests {
    actor Heard {
        var deleted: [String] = []
        func add(_ port: String, _ server: String) { deleted.append("\(port)@\(server)") }
    }

    @Test func onlyPortsAComputeServiceOwnsForAServerAreReported() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let heard = Heard()
        await fixture.service.notifier.connect { port, server in await heard.add(port, server) }
        let network = try await fixture.vlanNetwork()
        let server = UUID().uuidString.lowercased()
        let owned = try await fixture.service.createPort(
            PortCreate(networkID: network.id, deviceID: server, deviceOwner: "compute:nova", vnicType: "direct"), caller: .admin)
        let dhcp = try await fixture.service.createPort(
            PortCreate(networkID: network.id, deviceID: "dhcp-1", deviceOwner: "network:dhcp"), caller: .admin)
        let loose = try await fixture.service.createPort(PortCreate(networkID: network.id, vnicType: "direct"), caller: .admin)
        for port in [dhcp, loose, owned] { try await fixture.service.deletePort(id: port.id, caller: .admin) }
        #expect(await heard.deleted == ["\(owned.id)@\(server)"])
        await #expect(throws: NetworkFault.self) { _ = try await fixture.service.port(id: owned.id, caller: .admin) }
    }

    @Test func aDeleteTheNetworkRefusesReportsNothing() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let heard = Heard()
        await fixture.service.notifier.connect { port, server in await heard.add(port, server) }
        let network = try await fixture.vlanNetwork()
        let owned = try await fixture.service.createPort(
            PortCreate(networkID: network.id, deviceID: UUID().uuidString.lowercased(), deviceOwner: "compute:nova", vnicType: "direct"),
            caller: .admin)
        await #expect(throws: NetworkFault.self) { try await fixture.service.deletePort(id: owned.id, caller: EmbeddedNetworkFixture.bob) }
        #expect(await heard.deleted == [])
    }
}
