import Compute
import ComputeModel
import Foundation
import PCI
import Store
import Testing

/// Several hosts on one database (issue 12 item 2): each host's start-up recovery, retries,
/// audit and ledger rules take its own rows only. Both hosts have the same device
/// addresses, so reading the other host's servers, interfaces or journal would show at once.
struct TwoHostRecoveryTests {
    @Test func aRestartedHostRecoversExactlyItsOwnRowsAndLeavesTheOtherHostsUntouched() async throws {
        let cluster = try await ComputeCluster.make()
        defer { cluster.remove() }
        let a = cluster.hosts[0], b = cluster.hosts[1]
        // On each host: a detach cut by a kill (open row) and a detach the guest ignored (quarantined row).
        var cut: [String: (port: String, server: UUID, slot: PCIAddress)] = [:]
        var ignored: [String: (port: String, server: UUID, slot: PCIAddress)] = [:]
        for host in [a, b] {
            cut[host.name] = try await host.serverWithVF()
            ignored[host.name] = try await host.serverWithVF()
            try await host.detachCutByAKill(cut[host.name]!.port, server: cut[host.name]!.server)
            try await host.detachIgnoredByTheGuest(ignored[host.name]!.port, server: ignored[host.name]!.server)
        }
        #expect(cut["compute0"]!.slot == cut["compute1"]!.slot, "the hosts' devices share addresses")
        let bRows = try await cluster.unfinished(of: "compute1")
        #expect(bRows.map(\.state) == [.open, .quarantined])
        let bDevices = try await cluster.deviceRows(of: "compute1")

        let (restarted, report) = try await a.restart()
        #expect(report.resumedOperations == [cut["compute0"]!.port])
        #expect(report.interruptedBoots == [])
        #expect(try await cluster.unfinished(of: "compute0").map(\.state) == [.quarantined, .quarantined])
        await restarted.manager.runDueRetries(dueBy: .distantFuture)
        // A's retries finish both of its releases (the restarted simulator's guests let go).
        #expect(try await cluster.unfinished(of: "compute0") == [])
        #expect(await restarted.manager.tracker.device(at: cut["compute0"]!.slot)?.status == .available)
        #expect(await restarted.manager.tracker.device(at: ignored["compute0"]!.slot)?.status == .available)

        // B's rows, devices and guests are as B left them.
        #expect(try await cluster.unfinished(of: "compute1") == bRows)
        #expect(try await cluster.deviceRows(of: "compute1") == bDevices)
        #expect(await b.manager.tracker.device(at: cut["compute1"]!.slot)?.status == .allocated)
        #expect(try await b.hypervisor.domains().count == 2)

        // Each host's audit and ledger rules find nothing wrong with the other's rows.
        for host in [restarted, b] {
            let audit = try await host.manager.runAudit(heal: false, context: ComputeHost.admin)
            #expect(audit.findings.allSatisfy { finding in
                guard let server = finding.server else { return true }
                return [cut[host.name]!.server, ignored[host.name]!.server].contains(server)
            }, "\(host.name): \(audit.findings)")
            #expect(try await host.violations() == [], "\(host.name)")
        }
    }

    /// The retries of one host never try another host's quarantined rows, even when due.
    @Test func eachHostsRetriesTakeOnlyItsOwnQuarantinedRows() async throws {
        let cluster = try await ComputeCluster.make()
        defer { cluster.remove() }
        let a = cluster.hosts[0], b = cluster.hosts[1]
        let held = try await b.serverWithVF()
        try await b.detachIgnoredByTheGuest(held.port, server: held.server)
        let before = try await cluster.unfinished(of: "compute1")
        #expect(before.count == 1)
        await a.manager.runDueRetries(dueBy: .distantFuture)
        #expect(try await cluster.unfinished(of: "compute1") == before)
        await b.manager.runDueRetries(dueBy: .distantFuture)
        let tried = try await cluster.unfinished(of: "compute1")
        #expect((tried.first?.retry?.attempts ?? 0) > (before.first?.retry?.attempts ?? 0))
    }
}
