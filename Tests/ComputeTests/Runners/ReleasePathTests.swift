import Compute
import ComputeModel
import Foundation
import NetworkModel
import PCI
import Store
import Testing
import TestSupport
import Virt

/// The runners, recovery and the retries driven directly (no HTTP), against the simulated
/// hypervisor and the embedded network: what each leaves in the ledger, the journal, the
/// port and the domain.
struct ReleasePathTests {
    @Test func anAttachCommitsEverywhereAndItsJournalRowCloses() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        #expect(await host.vfStatus() == .allocated)
        #expect(try await host.network.port(id: port).deviceID == server.id.uuidString.lowercased())
        #expect(try await host.hypervisor.domainXML(of: server.id, live: true).contains("0x02"))
        #expect(try await host.database.read { db in try db.executor.query("SELECT state FROM journal", []) { row in try row.string(0) } } == ["done"])
        #expect(try await host.database.read { db in try JournalRecords.unfinished(in: db) } == [])
    }

    @Test func anAttachTheHypervisorRefusesIsUndoneEverywhere() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let port = try await host.directPort()
        let server = try await host.boot()
        await host.hypervisor.failNextAttach(message: "internal error: unable to execute QEMU command 'device_add'")
        await #expect(throws: ComputeError.self) {
            try await host.manager.attachInterface(AttachInterfaceRequest(portID: port), to: server.id, context: ComputeHost.admin)
        }
        #expect(await host.vfStatus() == .available)
        let unbound = try await host.network.port(id: port)
        #expect(unbound.deviceID == "" && unbound.bindingProfile.isEmpty)
        let states = try await host.database.read { db in try db.executor.query("SELECT state FROM journal", []) { row in try row.string(0) } }
        #expect(states == ["rolled_back"])
    }

    /// A guest that never acts on the unplug: the detach quarantines with a retry in the
    /// journal; once the guest lets go, the retry finishes the release.
    @Test func aDetachTheGuestIgnoresIsHeldThenFinishedByTheRetry() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        await host.hypervisor.ignoreUnplug(in: server.id)
        try await host.manager.detachInterface(port, from: server.id, context: ComputeHost.admin)
        await host.manager.backgroundTasks.waitUntilIdle()
        #expect(await host.vfStatus() == .quarantined)
        #expect(try await host.network.port(id: port).deviceID == server.id.uuidString.lowercased(), "held: the port stays bound")
        let row = try #require(try await host.database.read { db in try JournalRecords.quarantined(in: db) }.first)
        #expect(row.kind == .detach && row.plan?.guestMayHoldDevice == true && row.retry?.attempts == 1)

        // The guest comes round (its pending unplug completes once it is unpaused).
        await host.hypervisor.ignoreUnplug(in: server.id, false)
        try await host.hypervisor.pause(server.id)
        try await host.hypervisor.unpause(server.id)
        await host.manager.runDueRetries(dueBy: .distantFuture)
        #expect(await host.vfStatus() == .available)
        #expect(try await host.network.port(id: port).deviceID == "")
        #expect(try await host.database.read { db in try VIFRecords.fetch(portID: port, in: db) } == nil)
        #expect(try await host.database.read { db in try JournalRecords.unfinished(in: db) } == [])
    }

    /// A detach in flight when the process stops: the restarted host holds the device
    /// (recovery asks no one) and the retry finishes the detach.
    @Test func aDetachInFlightAtARestartIsHeldThenFinished() async throws {
        let host = try await ComputeHost.make(detachPolicy: DetachPolicy(timeout: .seconds(60), attempts: 1))
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        await host.hypervisor.ignoreUnplug(in: server.id)
        try await host.manager.detachInterface(port, from: server.id, context: ComputeHost.admin)
        while try await host.database.read({ db in try JournalRecords.open(in: db) }).isEmpty { try await Task.sleep(for: .milliseconds(2)) }
        // The old guest has the unplug request (pending, ignored) before the new process
        // starts: a request landing after the new simulator read the domain files would be
        // one the new simulator never finishes, and its retry would wait out the timeout.
        while !SimulatedDomainFile.hasPendingUnplug(in: host.domainDirectory, server: server.id) { try await Task.sleep(for: .milliseconds(2)) }

        // The new process: its guest (a new simulator on the same files) let go meanwhile.
        let (restarted, report) = try await host.restart()
        #expect(report.resumedOperations == [port])
        #expect(await restarted.vfStatus() == .quarantined)
        await restarted.manager.runDueRetries(dueBy: .distantFuture)
        #expect(await restarted.vfStatus() == .available)
        #expect(try await restarted.network.port(id: port).deviceID == "")
        #expect(try await restarted.database.read { db in try JournalRecords.unfinished(in: db) } == [])
        #expect(try await LedgerInvariants.violations(tracker: restarted.manager.tracker, database: restarted.database) == [])
    }
}
