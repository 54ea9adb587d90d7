import Compute
import ComputeModel
import Foundation
import JSONModel
import Logging
import Testing

/// The window between a detach's unbind and its free, held open on purpose: the port
/// looks free to clients, but an attach of it must not meet the old interface's rows
/// (before the fix it failed with a 500 on the VIF's unique port id).
struct DetachRaceTests {
    @Test func anAttachDuringTheFinishOfADetachWaitsForItAndSucceeds() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 2, pfCount: 1, vfsPerPF: 2), removalDelay: .zero)
        try await harness.run { api in
            let service = harness.service
            let gate = Gate()
            // A manager over the same ledger, hypervisor and network, whose unbinds wait at the gate.
            let manager = harness.manager(network: GatedUnbindNetwork(base: service.network, gate: gate))
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let serverID = try #require(UUID(uuidString: server))
            _ = try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: serverID, context: Self.admin())
            let firstSlot = try await api.port(port)["binding:profile"]?["pci_slot"]?.stringValue

            try await manager.detachInterface(port, from: serverID, context: Self.admin())
            try await ReattachTests.waitUntilUnbound(port, api)
            let reattach = Task { try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: serverID, context: Self.admin()) }
            // Give the attach every chance to run into the half-finished detach.
            try await Task.sleep(for: .milliseconds(100))
            await gate.open()
            let attachment = try await reattach.value
            await manager.backgroundTasks.waitUntilIdle()

            #expect(attachment.portID == port)
            #expect(try await api.port(port)["device_id"]?.stringValue == server)
            let statuses = try await api.pciStatuses()
            // The detach freed its VF before the attach claimed one: the same VF comes back.
            #expect(try await api.port(port)["binding:profile"]?["pci_slot"]?.stringValue == firstSlot)
            #expect(statuses.values.filter { $0 == "allocated" }.count == 1)
            let events = try await api.actions(server).compactMap { $0["action"]?.stringValue }
            #expect(events.filter { $0 == "attach_interface" }.count == 2)
        }
    }

    static func admin() -> RequestContext {
        RequestContext(userID: "admin", projectID: "admin", isAdmin: true, requestID: "req-" + UUID().uuidString.lowercased())
    }
}
