import Compute
import ComputeModel
import EmbeddedNetwork
import Foundation
import JSONModel
import Logging
import NetworkModel
import NeutronClient
import Testing

/// Issue 11: deleting a server freed its devices even when the network refused to unbind
/// a port, leaving the port bound to a deleted server and naming a slot the ledger handed
/// out again. The device now stays the server's, quarantined, until its port is unbound.
struct DeleteUnbindFailureTests {
    @Test func aPortTheNetworkWillNotUnbindKeepsItsDeviceAndTheServerUntilADeleteCan() async throws {
        let harness = try await ServiceHarness.make(removalDelay: .zero)
        try await harness.run { api in
            let service = harness.service
            let network = UnbindRefusingNetwork(base: service.network)
            let manager = harness.manager(network: network)
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            let id = try #require(UUID(uuidString: server))

            do throws(ComputeError) {
                try await manager.deleteServer(id: id, context: DetachRaceTests.admin())
                Issue.record("the delete succeeded although the port stayed bound")
            } catch {
                #expect(error.message.contains("did not unbind port(s) \(port)"))
                #expect(!error.message.contains("timed out"), "the network's text is the cause, not the answer")
            }
            #expect(try await api.server(server)["status"] == "ERROR")
            // Held, quarantined with the reason, its retry in the journal.
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "quarantined")
            #expect(try await api.port(port)["device_id"]?.stringValue == server)
            #expect(try await api.interfacePortIDs(server) == [port])

            await network.isRefusing.set(false)
            try await manager.deleteServer(id: id, context: DetachRaceTests.admin())
            #expect(try await api.call(.get, "/v2.1/servers/\(server)").status == 404)
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "available")
            #expect(try await api.port(port)["device_id"] == "")
        }
    }
}
