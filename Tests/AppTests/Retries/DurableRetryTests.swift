import App
import Compute
import ComputeModel
import Foundation
import JSONModel
import PCI
import Store
import Testing

/// Issue 11: the retry of an unconfirmed release lived in memory (a restart lost it, the
/// device stayed quarantined forever), and a detach whose unbind failed was not retried
/// at all. Retries are journal rows now, with their schedule.
struct DurableRetryTests {
    /// The device's status once the service's own retry loop had up to 10 s to free it
    /// (polled, as a client would).
    static func statusOnceSettled(_ address: PCIAddress, _ service: SRIOVService) async throws -> PCIDeviceStatus? {
        var status = await service.manager.tracker.device(at: address)?.status
        for _ in 0..<1_000 where status != .available {
            try await Task.sleep(for: .milliseconds(10))
            status = await service.manager.tracker.device(at: address)?.status
        }
        return status
    }

    @Test func aDetachWhoseUnbindFailsIsHeldAndRetriedUntilTheNetworkAnswers() async throws {
        let harness = try await ServiceHarness.make(removalDelay: .zero)
        try await harness.run { (api: APIClient) async throws in
            let network = UnbindRefusingNetwork(base: harness.service.network)
            let manager = harness.manager(network: network)
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            let id = try #require(UUID(uuidString: server))
            try await manager.detachInterface(port, from: id, context: DetachRaceTests.admin())
            await manager.backgroundTasks.waitUntilIdle()
            // The guest let go; the port still names the VF: held, quarantined, retry scheduled.
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "quarantined")
            #expect(try await api.port(port)["device_id"]?.stringValue == server)
            let row = try #require(try await harness.service.database.read { db in try JournalRecords.quarantined(in: db) }.first)
            #expect(row.kind == .detach && row.plan?.guestMayHoldDevice == false && row.plan?.portMayBeBound == true)
            #expect(row.retry?.attempts == 1)

            await manager.runDueRetries(dueBy: .distantFuture)
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "quarantined", "still refused: still held")
            let again = try #require(try await harness.service.database.read { db in try JournalRecords.fetch(row.id, in: db) })
            #expect(again.retry?.attempts == 2)
            #expect(again.retry!.nextAttemptAt > row.retry!.nextAttemptAt)

            await network.isRefusing.set(false)
            await manager.runDueRetries(dueBy: .distantFuture)
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "available")
            #expect(try await api.port(port)["device_id"] == "")
            #expect(try await api.interfacePortIDs(server) == [])
            #expect(try await harness.service.database.read { db in try JournalRecords.unfinished(in: db) } == [])
        }
    }

    @Test func aQuarantinedUndoSurvivesARestartAndTheServiceLoopFinishesIt() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2), removalDelay: .zero)
        let (port, slot) = try await harness.run(keepDirectory: true) { (api: APIClient) async throws in
            let network = FrozenNetwork(base: harness.service.network)
            let manager = harness.manager(network: network)
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try #require(UUID(uuidString: try await api.boot()))
            _ = await #expect(throws: ComputeError.self) {
                try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: server, context: DetachRaceTests.admin())
            }
            let slot = try #require(try await api.port(port)["binding:profile"]?["pci_slot"]?.stringValue)
            #expect(try await api.pciStatuses()[slot] == "quarantined")
            return (port, slot)
        }
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        // The restarted service (its own network answers) takes the row up by itself.
        let restarted = try await StartupRecoveryTests.restart(harness)
        let address = try #require(PCIAddress(slot))
        #expect(try await Self.statusOnceSettled(address, restarted) == .available)
        #expect(try await restarted.network.port(id: port).deviceID == "")
        #expect(try await restarted.database.read { db in try JournalRecords.unfinished(in: db) } == [])
        try await restarted.shutdown()
    }

    @Test func aDetachWhoseUnbindFailedIsFinishedByTheRestartedServicesLoop() async throws {
        let harness = try await ServiceHarness.make(removalDelay: .zero)
        let port = try await harness.run(keepDirectory: true) { (api: APIClient) async throws in
            let manager = harness.manager(network: UnbindRefusingNetwork(base: harness.service.network))
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            try await manager.detachInterface(port, from: try #require(UUID(uuidString: server)), context: DetachRaceTests.admin())
            await manager.backgroundTasks.waitUntilIdle()
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "quarantined")
            return port
        }
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        // The restarted service's network answers: its loop finishes the release.
        let restarted = try await StartupRecoveryTests.restart(harness)
        let address = try #require(PCIAddress("0000:02:00.0"))
        #expect(try await Self.statusOnceSettled(address, restarted) == .available)
        #expect(try await restarted.network.port(id: port).deviceID == "")
        try await restarted.shutdown()
    }
}
