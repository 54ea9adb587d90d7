import ComputeModel

/// The audits' totals since start (`AuditTotals`, which the audit log keeps) as counters.
struct AuditExposition {
    let hostName: String
    let totals: AuditTotals

    func render(into buffer: inout [UInt8]) {
        var writer = ExpositionWriter(buffer: buffer)
        let host = [("hostname", hostName)]
        writer.family("sriov_compute_audit_runs_total", .counter, help: "Audits run since start.")
        writer.sample("sriov_compute_audit_runs_total", host, totals.runs)
        writer.family("sriov_compute_audit_findings_total", .counter, help: "Disagreements the audits found, by kind.")
        for kind in AuditFinding.Kind.allCases {
            writer.sample("sriov_compute_audit_findings_total", host + [("kind", kind.rawValue)], totals.findingsByKind[kind] ?? 0)
        }
        writer.family("sriov_compute_audit_heals_total", .counter, help: "Findings the audits healed.")
        writer.sample("sriov_compute_audit_heals_total", host, totals.healed)
        writer.family("sriov_compute_audit_heal_failures_total", .counter, help: "Heals the audits tried that did not succeed.")
        writer.sample("sriov_compute_audit_heal_failures_total", host, totals.healFailed)
        buffer = writer.buffer
    }
}
