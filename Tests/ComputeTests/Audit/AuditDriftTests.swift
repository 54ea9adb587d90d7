@testable import Compute
import ComputeModel
import Foundation
import HostInventory
import NetworkModel
import PCI
import Store
import Testing
import Virt

/// The audit against the simulated hypervisor and the embedded network, each drift made for
/// real behind the service's back: the finding, that nothing changes without heal, and the heal.
struct AuditDriftTests {
    @Test func aPortBoundBehindTheServicesBackIsUnbound() async throws {
        let world = try await ComputeHost.make()
        defer { world.remove() }
        let port = try await world.directPort()
        let vanished = UUID()
        let slot = PCIAddress("0000:02:00.0")!  // the first VF of the fake host's PF
        #expect(await world.device(slot)?.status == .available)
        try await world.bindBehindTheBack(port, server: vanished, slot: slot)

        let report = await world.manager.audit(heal: false)
        let finding = try #require(report.findings.first { $0.kind == .orphanPort })
        #expect(finding.port == port && finding.server == vanished && finding.device == slot)
        #expect(finding.outcome == .healable)
        #expect(report.uncheckedSources == [:])
        #expect(try await world.port(port).bindingHostID == ComputeHost.host, "without heal nothing changes")

        let healed = await world.manager.audit(heal: true)
        #expect(healed.findings.first { $0.kind == .orphanPort }?.outcome == .healed)
        let unbound = try await world.port(port)
        #expect(unbound.bindingHostID == "" && unbound.deviceID == "" && unbound.bindingProfile["pci_slot"] == nil)
        #expect(await world.manager.audit(heal: false).isClean)
        #expect(try await world.violations() == [])
    }

    @Test func aDeviceRemovedFromSysfsIsRemovedFromTheLedger() async throws {
        // Three VFs, two of them unplugged: a scan that finds none is not believed.
        let world = try await ComputeHost.make(vfs: 3)
        defer { world.remove() }
        let port = try await world.directPort()
        let server = try await world.boot(ports: [port])
        let held = try await world.slot(of: port)
        let free = try #require(await world.manager.tracker.devices.first { $0.type == .virtualFunction && $0.status == .available }?.address)
        try FakeSysfsWriter.removeDevice(free, from: world.sysfsRoot)
        try FakeSysfsWriter.removeDevice(held, from: world.sysfsRoot)

        let report = await world.manager.audit(heal: false)
        let gone = report.findings.filter { $0.kind == .goneFromHost }
        #expect(Set(gone.compactMap(\.device)) == [free, held])
        #expect(gone.allSatisfy { $0.outcome == .healable && $0.remedy == .removeDevice })
        #expect(await world.device(free)?.status == .available, "without heal nothing changes")

        let healed = await world.manager.audit(heal: true)
        #expect(healed.findings.filter { $0.kind == .goneFromHost }.allSatisfy { $0.outcome == .healed })
        #expect(await world.device(free)?.status == .removed)
        // The held one stays its server's until the detach frees it; then it is removed.
        #expect(await world.device(held)?.status == .allocated)
        #expect(await world.device(held)?.removeWhenFreed == true)
        try await world.manager.detachInterface(port, from: server, context: ComputeHost.admin)
        await world.manager.backgroundTasks.waitUntilIdle()
        #expect(await world.device(held)?.status == .removed)
        #expect(try await world.violations() == [])
    }

    @Test func aDeviceAddedToADomainByHandIsQuarantinedToItsServer() async throws {
        let world = try await ComputeHost.make(vfs: 1)
        defer { world.remove() }
        let server = try await world.boot(ports: [])
        let vf = PCIAddress("0000:02:00.0")!
        try world.addToDomainFile(.hostdevInterface(mac: "52:54:00:99:00:01", address: vf, vlan: nil), domain: server)
        let manager = world.with(hypervisor: try world.reopenedHypervisor())

        let report = await manager.audit(heal: false)
        let finding = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(finding.kind == .unownedDeviceInGuest && finding.device == vf && finding.server == server)
        #expect(finding.outcome == .healable)
        #expect(await world.device(vf)?.status == .available, "without heal nothing changes")

        let before = Date()
        let healed = await manager.audit(heal: true)
        #expect(healed.findings.first?.outcome == .healed)
        let device = try #require(await world.device(vf))
        #expect(device.status == .quarantined && device.instanceUUID == server)
        #expect(device.quarantineReason?.contains("found in the guest of \(server.uuidString.lowercased())") == true)
        #expect(try #require(device.quarantinedAt) >= before.addingTimeInterval(-1))
        // Never handed out while the guest holds it.
        let port = try await world.directPort()
        let other = try await world.boot(ports: [], by: manager)
        await #expect(throws: ComputeError.self) {
            _ = try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: other, context: ComputeHost.admin)
        }
        let after = await manager.audit(heal: false)
        #expect(after.isClean, "\(after.findings) \(after.uncheckedSources)")
        #expect(try await world.violations() == [])
        // Deleting the server frees it with the domain.
        try await manager.deleteServer(id: server, context: ComputeHost.admin)
        #expect(await world.device(vf)?.status == .available)
    }

    @Test func aDeletedServerRowLeavesItsPortUnboundAndItsDeviceFreedOnceTheGuestIsGone() async throws {
        let world = try await ComputeHost.make()
        defer { world.remove() }
        let (port, server, slot) = try await world.serverWithVF()
        try await world.deleteServerRow(server)

        let report = await world.manager.audit(heal: false)
        let kinds = Dictionary(report.findings.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(kinds.keys) == [.orphanPort, .orphanDevice, .domainWithoutServer])
        #expect(kinds[.orphanPort]?.outcome == .healable)
        #expect(kinds[.orphanDevice]?.outcome == .withheld("it is still held"))
        #expect(try await world.port(port).deviceID == server.uuidString.lowercased(), "without heal nothing changes")

        // The port is unbound; the guest still holds the device, so it stays the server's.
        let healed = await world.manager.audit(heal: true)
        #expect(healed.findings.first { $0.kind == .orphanPort }?.outcome == .healed)
        #expect(healed.findings.first { $0.kind == .orphanDevice }?.outcome.name == "withheld")
        #expect(try await world.port(port).bindingHostID == "")
        #expect(await world.device(slot)?.status == .allocated)

        // Once the domain is gone too (virsh undefine), nothing holds it: freed.
        try await world.hypervisor.undefine(server)
        let freed = await world.manager.audit(heal: true)
        #expect(freed.findings.map(\.kind) == [.orphanDevice])
        #expect(freed.findings.first?.outcome == .healed)
        #expect(await world.device(slot)?.status == .available)
        #expect(await world.device(slot)?.instanceUUID == nil)
        #expect(await world.manager.audit(heal: false).isClean)
    }

    @Test func oneHealLeadsToTheNextInOneAudit() async throws {
        let world = try await ComputeHost.make()
        defer { world.remove() }
        let (_, server, slot) = try await world.serverWithVF()
        try await world.deleteServerRow(server)
        try await world.hypervisor.undefine(server)

        // Only the port names the device: the audit unbinds it, looks again, frees the device.
        let healed = await world.manager.audit(heal: true)
        #expect(healed.findings.map(\.kind) == [.orphanPort, .orphanDevice])
        #expect(healed.findings.allSatisfy { $0.outcome == .healed })
        #expect(await world.device(slot)?.status == .available)
    }

    @Test func aDeviceWithAnOpenJournalEntryIsNeverHealed() async throws {
        let world = try await ComputeHost.make()
        defer { world.remove() }
        let (port, server, slot) = try await world.serverWithVF()
        try await world.hypervisor.undefine(server)
        _ = try await world.network.unbindPort(port, removingProfileKeys: PortBinding.novaProfileKeys)
        // The operation's row was written while its server existed (it names the server's
        // host from then on); the server row went afterwards.
        let entry = JournalEntry(kind: .detach, serverID: server, portID: port, step: "releasingFromGuest",
                                 details: ["pci_slot": slot.description], requestID: "req-in-flight")
        try await world.database.write { db in try JournalRecords.save(entry, in: db) }
        try await world.deleteServerRow(server)

        let report = await world.manager.audit(heal: true)
        let finding = try #require(report.findings.first { $0.kind == .orphanDevice })
        #expect(finding.outcome.reason?.contains(entry.id.uuidString.lowercased()) == true)
        #expect(await world.device(slot)?.status == .allocated)
    }

    @Test func aHypervisorOrNetworkErrorIsReportedAsNotCheckedNeverAsAbsent() async throws {
        let world = try await ComputeHost.make()
        defer { world.remove() }
        let (port, server, slot) = try await world.serverWithVF()
        try await world.deleteServerRow(server)
        try await world.hypervisor.undefine(server)
        _ = try await world.network.unbindPort(port, removingProfileKeys: PortBinding.novaProfileKeys)

        let blind = world.with(hypervisor: UnreachableHypervisor())
        let noGuests = await blind.audit(heal: true)
        #expect(noGuests.uncheckedSources[.hypervisor]?.contains("could not list its domains") == true)
        #expect(noGuests.findings.first { $0.kind == .orphanDevice }?.outcome.reason?.contains("could not be checked") == true)
        #expect(await world.device(slot)?.status == .allocated)

        let deaf = world.with(network: UnreachableNetwork(base: world.network))
        let noPorts = await deaf.audit(heal: true)
        #expect(noPorts.uncheckedSources[.network]?.contains("could not list the ports") == true)
        #expect(noPorts.findings.first { $0.kind == .orphanDevice }?.outcome.reason?.contains("could not be checked") == true)
        #expect(await world.device(slot)?.status == .allocated)

        // Both answer again: provable, freed.
        #expect(await world.manager.audit(heal: true).findings.first?.outcome == .healed)
        #expect(await world.device(slot)?.status == .available)
    }

    @Test func aHostScanThatFindsNothingIsNotReadAsAnEmptiedHost() async throws {
        let world = try await ComputeHost.make()
        defer { world.remove() }
        try FileManager.default.removeItem(atPath: world.sysfsRoot + "/bus")
        let report = await world.manager.audit(heal: true)
        #expect(report.uncheckedSources[.host]?.contains("found none of the") == true)
        #expect(report.findings.isEmpty)
        #expect(await world.manager.tracker.devices.allSatisfy { $0.status != .removed })
    }

    @Test func reportsAndTotalsAreKept() async throws {
        let world = try await ComputeHost.make()
        defer { world.remove() }
        let port = try await world.directPort()
        try await world.bindBehindTheBack(port, server: UUID(), slot: PCIAddress("0000:02:00.0")!)
        _ = await world.manager.audit(heal: false)
        _ = await world.manager.audit(heal: true)
        let status = try await world.manager.auditStatus(context: ComputeHost.admin)
        #expect(status.totals.runs == 2)
        #expect(status.totals.findings == 2)
        #expect(status.totals.healed == 1)
        #expect(status.totals.findingsByKind == [.orphanPort: 2])
        #expect(status.last?.healing == true)
        await #expect(throws: ComputeError.policyRefused(rule: "os_compute_api:os-sriov-audit:show")) {
            _ = try await world.manager.auditStatus(context: ComputeHost.member)
        }
        await #expect(throws: ComputeError.self) { _ = try await world.manager.runAudit(heal: true, context: ComputeHost.member) }
    }
}
