import Compute
import ComputeModel
import Foundation
import JSONModel
import Logging
import Store
import Testing

/// When an attach fails and its undo fails too (a frozen network: the bind may land late
/// and the unbind cannot be sent), the device must not go back to the pool, where another
/// port could get it while the first is still bound to it. It stays the server's,
/// quarantined, with its interface recorded, and the service retries the undo (as a
/// detach) until the network answers.
struct UndoFailureTests {
    @Test func aBindWhoseUndoFailsQuarantinesTheDeviceUntilTheRetriedUndoFrees() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 2, pfCount: 1, vfsPerPF: 2), removalDelay: .zero)
        try await harness.run { api in
            let service = harness.service
            let network = FrozenNetwork(base: service.network)
            let manager = harness.manager(network: network)
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let serverID = try #require(UUID(uuidString: server))

            let failure = await #expect(throws: ComputeError.self) {
                try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: serverID, context: DetachRaceTests.admin())
            }
            #expect(failure?.message.contains("timed out") == true || failure?.message.contains("did not answer") == true)
            // The late bind landed: the port points at the VF, so the VF must stay out of the pool.
            let slot = try #require(try await api.port(port)["binding:profile"]?["pci_slot"]?.stringValue)
            #expect(try await api.pciStatuses()[slot] == "quarantined")
            let listing = try #require(try await api.call(.get, "/v2.1/os-pci-devices").json?["pci_devices"]?.arrayValue)
            let device = try #require(listing.first { $0["address"]?.stringValue == slot })
            #expect(device["instance_uuid"]?.stringValue == server)
            // Another port gets the other VF, never this one.
            let other = try await api.createPort(network: net, vnicType: "direct")
            #expect(try await api.attach(server, port: other).status == 200)
            #expect(try await api.port(other)["binding:profile"]?["pci_slot"]?.stringValue != slot)

            // The retry is in the journal, not in memory: a restart keeps it.
            let row = try #require(try await service.database.read { db in try JournalRecords.quarantined(in: db) }.first)
            #expect(row.portID == port && row.retry != nil)
            // Once the network answers again, the service's own retry finishes the undo.
            await network.isDown.set(false)
            await manager.runDueRetries(dueBy: .distantFuture)
            #expect(try await api.pciStatuses()[slot] == "available")
            #expect(try await api.port(port)["device_id"] == "")
            #expect(try await api.port(port)["binding:profile"] == .object([:]))
            #expect(try await api.interfacePortIDs(server) == [other])
            let actions = try await api.actions(server)
            #expect(actions.contains { $0["action"] == "attach_interface" && $0["message"] == "Error" })
            let retried = actions.filter { $0["action"] == "detach_interface" && $0["user_id"] == "sriov-compute" }
            #expect(!retried.isEmpty, "the service's retries of the undo are instance actions of their own")
        }
    }
}
