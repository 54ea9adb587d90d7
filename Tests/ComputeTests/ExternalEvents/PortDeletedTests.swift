import Compute
import ComputeModel
import EmbeddedNetwork
import Foundation
import NetworkModel
import PCI
import Store
import Testing
import Virt

/// `network-vif-deleted` through the manager, as Neutron's notifier sends it after the
/// port is gone: the device leaves the guest and is freed through the detach's release,
/// or stays quarantined when that release cannot be confirmed.
struct PortDeletedTests {
    static let neutron = RequestContext(userID: "neutron", projectID: "service", isAdmin: true, requestID: "req-neutron")

    /// What Neutron does: the port deleted in the network, then the event.
    static func deletePort(_ port: String, of server: UUID, on host: ComputeHost) async throws -> [ExternalEvent.Disposition] {
        try await host.network.deletePort(id: port, caller: .admin)
        let event = ExternalEvent(serverID: server, name: .networkVIFDeleted, tag: port)
        let dispositions = try await host.manager.deliverExternalEvents([event], context: neutron)
        await host.manager.backgroundTasks.waitUntilIdle()
        return dispositions
    }

    static func actions(_ server: UUID, _ host: ComputeHost) async throws -> [InstanceAction] {
        try await host.database.read { db in try InstanceActionRecords.fetchAll(serverID: server, in: db) }
    }

    @Test func aDeletedPortsDeviceLeavesTheGuestAndIsFreedWithTheActionRecorded() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        #expect(await host.vfStatus() == .allocated)
        #expect(try await Self.deletePort(port, of: server.id, on: host) == [.accepted])
        #expect(await host.vfStatus() == .available)
        #expect(try await host.hypervisor.domainXML(of: server.id, live: true).contains("<hostdev") == false)
        #expect(try await host.database.read { db in try VIFRecords.fetch(portID: port, in: db) } == nil)
        #expect(try await host.database.read { db in try JournalRecords.unfinished(in: db) } == [])
        let detach = try #require(try await Self.actions(server.id, host).first { $0.requestID == "req-neutron" })
        #expect(detach.action == "detach_interface" && detach.userID == "neutron")
        #expect(detach.events.map(\.name) == ["compute_detach_interface"])
        #expect(detach.events.first?.result == "Success")
    }

    @Test func eventsForAServerThatDoesNotExistAreRefusedAndNothingRuns() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        let missing = UUID()
        let dispositions = try await host.manager.deliverExternalEvents(
            [ExternalEvent(serverID: missing, name: .networkVIFDeleted, tag: port),
             ExternalEvent(serverID: server.id, name: .volumeExtended)], context: Self.neutron)
        #expect(dispositions == [.serverNotFound, .tagMissing])
        #expect(await host.manager.backgroundTasks.count == 0)
        #expect(await host.vfStatus() == .allocated)
    }

    @Test func aPortTheServerDoesNotHaveChangesNothing() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        let other = try await host.boot()
        // A port that never existed, and the real port named for a server that does not have it.
        #expect(await host.manager.portDeleted("0f9e8d7c-0000-4000-8000-000000000000", serverID: server.id, context: Self.neutron) == .notAttached)
        #expect(await host.manager.portDeleted(port, serverID: other.id, context: Self.neutron) == .notAttached)
        #expect(await host.vfStatus() == .allocated)
        #expect(try await host.network.port(id: port).deviceID == server.id.uuidString.lowercased())
        #expect(try await Self.actions(server.id, host).contains { $0.requestID == "req-neutron" } == false)
        #expect(try await Self.actions(other.id, host).contains { $0.requestID == "req-neutron" } == false)
    }

    /// The guest never lets go: with the port gone nothing else can hold the device, but
    /// the guest may, so it stays quarantined with a retry; once the guest lets go, the
    /// retry frees it (the port's absence confirms the unbind).
    @Test func aStuckDetachLeavesTheDeviceQuarantinedUntilTheGuestLetsGo() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        await host.hypervisor.ignoreUnplug(in: server.id)
        _ = try await Self.deletePort(port, of: server.id, on: host)
        #expect(await host.vfStatus() == .quarantined)
        let row = try #require(try await host.database.read { db in try JournalRecords.quarantined(in: db) }.first)
        #expect(row.portID == port && row.plan?.guestMayHoldDevice == true && row.details["port_deleted"] == "true")
        let event = try #require(try await Self.actions(server.id, host).first { $0.requestID == "req-neutron" }?.events.first)
        #expect(event.result == "Error")

        await host.hypervisor.ignoreUnplug(in: server.id, false)
        try await host.hypervisor.pause(server.id)
        try await host.hypervisor.unpause(server.id)
        await host.manager.runDueRetries(dueBy: .distantFuture)
        #expect(await host.vfStatus() == .available)
        #expect(try await host.database.read { db in try JournalRecords.unfinished(in: db) } == [])
    }

    /// A guest that refuses the removal keeps the device; after a user's detach it would be
    /// allocated again (the user may try again), but the port is gone, so it is
    /// quarantined for the retries instead, and so are the retries' refusals.
    @Test func aGuestThatRefusesKeepsTheDeviceQuarantinedNotAllocated() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        await host.hypervisor.failRemoval(in: server.id)
        _ = try await Self.deletePort(port, of: server.id, on: host)
        #expect(await host.vfStatus() == .quarantined)
        await host.manager.runDueRetries(dueBy: .distantFuture)
        #expect(await host.vfStatus() == .quarantined)
    }

    /// The network cannot be asked whether the port still names the server: the unbind is
    /// not confirmed, so the device stays quarantined (never freed on hope).
    @Test func aNetworkThatCannotBeReachedLeavesTheDeviceQuarantined() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        try await host.network.deletePort(id: port, caller: .admin)
        let deaf = host.with(network: PortReadingNetwork.unreachable(host.network))
        let handling = await deaf.portDeleted(port, serverID: server.id, context: Self.neutron)
        guard case .released(.quarantined(let reason)) = handling else {
            Issue.record("expected a quarantine, got \(handling)")
            return
        }
        #expect(reason.contains("could not be unbound") && reason.contains("could not be reached"))
        #expect(await host.vfStatus() == .quarantined)
        #expect(try await host.hypervisor.domainXML(of: server.id, live: true).contains("<hostdev") == false, "the guest let go")
    }

    /// A detach already under way owns the release: the event starts no second one.
    @Test func aDetachAlreadyUnderWayIsLeftToFinish() async throws {
        let host = try await ComputeHost.make(detachPolicy: DetachPolicy(timeout: .seconds(60), attempts: 1))
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        await host.hypervisor.ignoreUnplug(in: server.id)
        try await host.manager.detachInterface(port, from: server.id, context: ComputeHost.admin)
        while await host.vfStatus() != .detaching { await Task.yield() }
        try await host.network.deletePort(id: port, caller: .admin)
        #expect(await host.manager.portDeleted(port, serverID: server.id, context: Self.neutron) == .alreadyReleasing)
        await host.hypervisor.ignoreUnplug(in: server.id, false)
        try await host.hypervisor.pause(server.id)
        try await host.hypervisor.unpause(server.id)
        await host.manager.backgroundTasks.waitUntilIdle()
        #expect(await host.vfStatus() == .available)
    }
}

