import ComputeModel
import Foundation
import PCI

/// The audit (issue 11 item 6): compare the ledger with the hypervisor's domains, the
/// host's devices and the ports bound to this host; heal what is provable, report the rest.
extension ComputeManager {
    /// How many times an audit looks again after healing: a heal can make another one
    /// provable (a device is freed once the port of its vanished server is unbound).
    static let auditRounds = 3

    /// One audit: every source read and compared with the ledger; with `heal`, what can be
    /// proved is healed. Audits run one at a time; each is kept in `audits`.
    public func audit(heal: Bool) async -> AuditReport {
        await audit(heal: heal, hostDevices: .rescan)
    }

    func audit(heal: Bool, hostDevices: AuditGatherer.HostDevices) async -> AuditReport {
        await audits.runs.withLock(0) {
            let started = Date()
            let gatherer = AuditGatherer(manager: self, hostDevices: hostDevices)
            var (findings, unchecked) = await compare(gatherer)
            if heal {
                let healer = AuditHealer(manager: self, gatherer: gatherer)
                var round = await healer.heal(findings)
                findings = round
                for _ in 1..<Self.auditRounds where round.contains(where: { $0.outcome == .healed }) {
                    let again: [AuditFinding]
                    (again, unchecked) = await compare(gatherer)
                    round = await healer.heal(again)
                    Self.merge(round, into: &findings)
                }
            }
            let report = AuditReport(host: hostName, startedAt: started, finishedAt: Date(), healing: heal,
                                     findings: findings, uncheckedSources: unchecked)
            for finding in report.findings { logger.warning("audit: \(finding)") }
            for (source, problem) in report.uncheckedSources.sorted(by: { $0.key < $1.key }) {
                logger.warning("audit: \(source.rawValue) not checked: \(problem)")
            }
            await audits.record(report)
            return report
        }
    }

    /// The audit once start-up recovery is done, healing, in the background: the service
    /// serves meanwhile (a network or hypervisor slow to answer delays no start), and its
    /// heals take the locks every heal takes. `hostDevices` are the devices of the scan
    /// that built the ledger, which need no second scan.
    public func auditAfterStartUp(hostDevices: [PCIDevice]) async {
        await backgroundTasks.start { [self] in _ = await audit(heal: true, hostDevices: .known(hostDevices)) }
    }

    /// Runs audits every `interval` until the task is cancelled.
    public func runPeriodicAudits(every interval: Duration, heal: Bool) async {
        while true {
            do { try await Task.sleep(for: interval) } catch { return }
            _ = await audit(heal: heal)
        }
    }

    public func auditStatus(context: RequestContext) async throws(ComputeError) -> AuditStatus {
        try requireAdmin(context, "os_compute_api:os-sriov-audit:show")
        return await audits.status
    }

    public func runAudit(heal: Bool, context: RequestContext) async throws(ComputeError) -> AuditReport {
        try requireAdmin(context, "os_compute_api:os-sriov-audit:run")
        return await audit(heal: heal)
    }

    private func compare(_ gatherer: AuditGatherer) async -> ([AuditFinding], [AuditSource: String]) {
        switch await gatherer.snapshot() {
        case .success(let snapshot):
            let audit = LedgerAudit(snapshot)
            return (audit.findings(), audit.uncheckedSources)
        case .failure(let error):
            logger.error("audit: the ledger could not be read: \(error)")
            return ([], [.ledger: error.message])
        }
    }

    /// A later round's heals land on the findings they heal; drifts it finds anew are added.
    private static func merge(_ round: [AuditFinding], into findings: inout [AuditFinding]) {
        for finding in round {
            if let index = findings.firstIndex(where: { $0.isSameDrift(as: finding) }) {
                if finding.outcome.wasTried { findings[index] = finding }
            } else {
                findings.append(finding)
            }
        }
    }
}
