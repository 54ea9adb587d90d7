import App
import Compute
import ComputeModel
import EmbeddedNetwork
import Foundation
import JSONModel
import Logging
import NetworkModel
import NeutronClient
import PCI
import Store
import Testing

/// `kill -9` in the middle of an attach or a detach: the next start finishes or undoes it
/// by looking at what the hypervisor and the network hold.
struct StartupRecoveryTests {
    static func restart(_ harness: ServiceHarness) async throws -> SRIOVService {
        var logger = Logger(label: "restart")
        logger.logLevel = .critical
        return try await SRIOVService.start(harness.service.configuration, logger: logger)
    }

    static func bootWithAttachedPort(_ harness: ServiceHarness) async throws -> (port: String, server: String) {
        try await harness.run(keepDirectory: true) { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            return (port, try await api.boot(ports: [port]))
        }
    }

    /// Waits (polling the journal) until the operation frozen in `manager` has written its
    /// open row: the moment a kill would leave.
    static func waitForOpenRow(_ service: SRIOVService, kind: JournalEntry.Kind) async throws -> JournalEntry {
        for _ in 0..<2_000 {
            if let row = try await service.database.read({ db in try JournalRecords.open(in: db) }).first(where: { $0.kind == kind }) {
                return row
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw CancellationError()
    }

    /// Issue 11: recovery unbound with `try?` and freed the claim whatever the network
    /// said. An attach killed after its bind, restarted while Neutron refuses unbinds: the
    /// service starts and serves, the device stays quarantined and the server's (the port
    /// still names it), and the retry frees it once Neutron answers.
    @Test func anAttachCutAfterItsBindIsHeldUntilTheNetworkConfirmsTheUnbind() async throws {
        try await FakeNeutron.run { neutron, neutronPort in
            let portID = await neutron.directPortOnMappedVLAN()
            let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:\(neutronPort)")
            defer { try? FileManager.default.removeItem(atPath: harness.directory) }
            let server = try await harness.service.manager.createServer(
                CreateServerRequest(name: "vm", flavorID: "1", imageID: nil, networks: .none), context: DetachRaceTests.admin())
            let frozen = harness.manager(network: FreezingNetwork(base: harness.service.network, point: .afterBind))
            let attach = Task { try await frozen.attachInterface(AttachInterfaceRequest(portID: portID), to: server.id, context: DetachRaceTests.admin()) }
            defer { attach.cancel() }
            let row = try await Self.waitForOpenRow(harness.service, kind: .attach)
            while await neutron.port(portID)?["binding:host_id"] != "compute0" { try await Task.sleep(for: .milliseconds(5)) }
            let slot = try #require(row.plan?.slot)

            await neutron.inject(.error(status: 503, type: "ServiceUnavailable", message: "try later"), into: .unbindPut)
            let restarted = try await Self.restart(harness)
            await restarted.manager.stopRetries()
            #expect(restarted.recovery.resumedOperations == [portID])
            #expect(await restarted.manager.tracker.device(at: slot)?.status == .quarantined)
            await restarted.manager.runDueRetries(dueBy: .distantFuture)
            // Neutron still refuses: held, owned, the retry rescheduled.
            #expect(await restarted.manager.tracker.device(at: slot)?.status == .quarantined)
            #expect(await restarted.manager.tracker.device(at: slot)?.instanceUUID == server.id)
            #expect(await neutron.port(portID)?["device_id"]?.stringValue == server.id.uuidString.lowercased())
            let held = try #require(try await restarted.database.read { db in try JournalRecords.fetch(row.id, in: db) })
            #expect(held.state == .quarantined)
            #expect((held.retry?.attempts ?? 0) >= 1)

            await neutron.inject(nil, into: .unbindPut)
            await restarted.manager.runDueRetries(dueBy: .distantFuture)
            #expect(await restarted.manager.tracker.device(at: slot)?.status == .available)
            #expect(await neutron.port(portID)?["binding:host_id"] == "")
            #expect(try await restarted.database.read { db in try JournalRecords.unfinished(in: db) } == [])
            #expect(try await LedgerInvariants.violations(tracker: restarted.manager.tracker, database: restarted.database) == [])
            try await restarted.shutdown()
        }
    }

    /// A detach killed after the guest let go, before the unbind: the journal row the
    /// detach wrote is resumed by the retry, which finds the guest without the device,
    /// unbinds the port and frees the VF.
    @Test func aDetachCutBeforeItsUnbindIsFinishedByTheRetry() async throws {
        let harness = try await ServiceHarness.make(removalDelay: .zero)
        let (portID, serverID) = try await Self.bootWithAttachedPort(harness)
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        let server = try #require(UUID(uuidString: serverID))
        let frozen = harness.manager(network: FreezingNetwork(base: harness.service.network, point: .beforeUnbind))
        try await frozen.detachInterface(portID, from: server, context: DetachRaceTests.admin())
        let row = try await Self.waitForOpenRow(harness.service, kind: .detach)
        let slot = try #require(row.plan?.slot)
        // The guest lets go before the unbind is reached.
        while try await harness.service.hypervisor.contains(GuestDeviceForTest.hostdev(mac: row.plan!.interface.macAddress, address: slot, vlan: row.plan!.interface.vlan), in: server, live: true) {
            try await Task.sleep(for: .milliseconds(5))
        }

        let restarted = try await Self.restart(harness)
        await restarted.manager.stopRetries()
        #expect(restarted.recovery.resumedOperations == [portID])
        #expect(await restarted.manager.tracker.device(at: slot)?.status == .quarantined)
        await restarted.manager.runDueRetries(dueBy: .distantFuture)
        #expect(await restarted.manager.tracker.device(at: slot)?.status == .available)
        #expect(try await restarted.network.port(id: portID).deviceID == "")
        #expect(try await restarted.database.read { db in try VIFRecords.fetch(portID: portID, in: db) } == nil)
        #expect(try await LedgerInvariants.violations(tracker: restarted.manager.tracker, database: restarted.database) == [])
        try await restarted.shutdown()
    }
}
