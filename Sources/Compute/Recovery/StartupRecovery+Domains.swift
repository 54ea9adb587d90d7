import Foundation
import Store
import Virt

extension StartupRecovery {
    /// Reports servers whose domain vanished and devices the ledger and the domains
    /// disagree on (DomainFinding). Servers still building or in ERROR may legitimately
    /// have no domain and are left out.
    func reconcileDomains(_ report: inout Report) async throws {
        let servers = try await manager.database.read { db in try ServerRecords.fetchAll(in: db) }
        let vifs = try await manager.database.read { db in try VIFRecords.fetchAll(in: db) }
        let domains = Set(try await manager.hypervisor.domains())
        for server in servers where server.vmState != .building && server.vmState != .error && server.vmState != .deleted {
            guard domains.contains(server.id) else {
                report.domainFindings.append(.domainVanished(server: server.id))
                continue
            }
            var ledger: [(port: String, device: GuestDevice)] = []
            for vif in vifs where vif.serverID == server.id {
                let device = await vif.pciSlot.asyncMap { await manager.tracker.device(at: $0) } ?? nil
                guard let guest = try? DetachRunner.guestDevice(for: vif, device: device) else { continue }
                ledger.append((vif.portID, guest))
            }
            report.domainFindings += try await findings(for: server.id, ledger: ledger)
        }
        for finding in report.domainFindings {
            manager.logger.warning("start-up reconciliation: \(finding)")
        }
    }

    /// The findings for one server's domain: its live XML when it runs or is paused, the
    /// persistent one otherwise.
    private func findings(for server: UUID, ledger: [(port: String, device: GuestDevice)]) async throws(HypervisorError) -> [DomainFinding] {
        let hypervisor = manager.hypervisor
        do {
            let live = try await hypervisor.state(of: server).isLive
            let xml = try await hypervisor.domainXML(of: server, live: live)
            return try DomainReconciliation.findings(server: server, ledger: ledger, domainXML: xml)
        } catch .domainNotFound {
            // Undefined between the listing and the read.
            return [.domainVanished(server: server)]
        }
    }
}
