import ComputeModel
import Foundation
import JSONModel

/// The audit's report as JSON: what the admin API answers and `sriov-compute audit --json`
/// prints. Findings keep their order; counts are by kind and by outcome.
public enum AuditReportView {
    public static func report(_ report: AuditReport) -> JSON {
        [
            "host": .string(report.host),
            "started_at": .string(NovaTime.primitive(report.startedAt)),
            "finished_at": .string(NovaTime.primitive(report.finishedAt)),
            "healing": .bool(report.healing),
            "findings": .array(report.findings.map(finding)),
            "unchecked_sources": .object(Dictionary(uniqueKeysWithValues: report.uncheckedSources.map { ($0.key.rawValue, JSON.string($0.value)) })),
            "counts": [
                "findings": .int(report.findings.count),
                "by_kind": .object(Dictionary(uniqueKeysWithValues: report.countsByKind.map { ($0.key.rawValue, JSON.int($0.value)) })),
                "by_outcome": .object(report.countsByOutcome.mapValues(JSON.int)),
            ],
        ]
    }

    public static func finding(_ finding: AuditFinding) -> JSON {
        [
            "kind": .string(finding.kind.rawValue),
            "message": .string(finding.message),
            "pci_address": .optional(finding.device?.description),
            "server_uuid": .optional(finding.server?.lowercasedString),
            "port_id": .optional(finding.port),
            "remedy": .optional(finding.remedy?.rawValue),
            "outcome": .string(finding.outcome.name),
            "reason": .optional(finding.outcome.reason),
        ]
    }

    public static func totals(_ totals: AuditTotals) -> JSON {
        [
            "runs": .int(totals.runs),
            "findings": .int(totals.findings),
            "healed": .int(totals.healed),
            "heal_failed": .int(totals.healFailed),
            "findings_by_kind": .object(Dictionary(uniqueKeysWithValues: totals.findingsByKind.map { ($0.key.rawValue, JSON.int($0.value)) })),
        ]
    }

    /// `GET /os-sriov-audit`: the last report (null before the first audit) and the totals.
    static func status(_ status: AuditStatus) -> JSON {
        ["audit": ["last": status.last.map(report) ?? .null, "totals": totals(status.totals)]]
    }
}
