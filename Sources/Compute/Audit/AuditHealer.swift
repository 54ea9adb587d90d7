import ComputeModel
import Foundation
import NetworkModel
import PCI

/// Applies the audit's heals. Each runs under the lock of the server it concerns, and only
/// once a fresh look at every source, taken under that lock, still proposes it: a snapshot
/// may predate an operation that finished meanwhile, so no heal acts on it alone. The
/// ledger's own rules refuse what stopped being true at the moment of the change (a device
/// claimed meanwhile is not quarantined, one freed meanwhile is not freed twice).
///
/// An unbind needs no port lock: a port bound to a server is refused by every attach
/// ("still in use") until it is unbound.
struct AuditHealer: Sendable {
    let manager: ComputeManager
    let gatherer: AuditGatherer

    /// The findings with the outcome of each heal tried.
    func heal(_ findings: [AuditFinding]) async -> [AuditFinding] {
        var result = findings
        var groups: [UUID?: [Int]] = [:]
        for (index, finding) in findings.enumerated() where finding.outcome == .healable {
            groups[finding.server, default: []].append(index)
        }
        for (server, indices) in groups.sorted(by: { ($0.key?.uuidString ?? "") < ($1.key?.uuidString ?? "") }) {
            let targets = indices.map { findings[$0] }
            let outcomes = await underLock(of: server) { await confirmAndApply(targets) }
            for (index, outcome) in zip(indices, outcomes) { result[index].outcome = outcome }
        }
        return result
    }

    private func underLock<T: Sendable>(of server: UUID?, _ body: @Sendable () async -> T) async -> T {
        guard let server else { return await body() }
        return await manager.serverLocks.withLock(server) { await body() }
    }

    private func confirmAndApply(_ targets: [AuditFinding]) async -> [AuditFinding.Outcome] {
        guard case .success(let fresh) = await gatherer.snapshot() else {
            return targets.map { _ in .withheld("the ledger could not be read again before healing") }
        }
        let now = LedgerAudit(fresh).findings()
        var outcomes: [AuditFinding.Outcome] = []
        for target in targets {
            guard let current = now.first(where: { $0.isSameDrift(as: target) && $0.remedy == target.remedy }) else {
                outcomes.append(.withheld("no longer found when checked again before healing"))
                continue
            }
            guard current.outcome == .healable else {
                outcomes.append(current.outcome.reason.map { .withheld($0) } ?? .withheld("no longer provable when checked again"))
                continue
            }
            outcomes.append(await apply(current))
        }
        return outcomes
    }

    private func apply(_ finding: AuditFinding) async -> AuditFinding.Outcome {
        do {
            switch (finding.remedy, finding.device, finding.server, finding.port) {
            case (.unbindPort?, _, _, let port?):
                do {
                    _ = try await manager.network.unbindPort(port, removingProfileKeys: PortBinding.novaProfileKeys)
                } catch .portNotFound {
                    // Deleted meanwhile: nothing is bound any more.
                }
            case (.freeDevice?, let device?, let owner?, _):
                try await manager.freeDevice(device, of: owner) { engine in try engine.free(device, instance: owner) }
            case (.quarantineDevice?, let device?, let guest?, _):
                let reason = "found in the guest of \(guest.uuidString.lowercased()) by the audit; the ledger had given it to nobody"
                try await manager.tracker.update({ engine in try engine.quarantineFoundInGuest(device, heldBy: guest, reason: reason) })
            case (.removeDevice?, let device?, _, _):
                _ = try await manager.tracker.update({ engine in try engine.goneFromHost(device) })
            default:
                return .reported
            }
            manager.logger.notice("audit healed \(finding)")
            return .healed
        } catch {
            manager.logger.error("audit could not heal \(finding): \(error)")
            return .healFailed("\(error)")
        }
    }
}
