import ComputeModel

/// The audit's report for a terminal: a summary line, one line per finding with its
/// outcome, and the sources not checked.
struct AuditReportText {
    let report: AuditReport

    var rendered: String {
        let healed = report.healedCount
        var lines = [
            "audit of \(report.host): \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s")"
                + (report.healing ? ", \(healed) healed" : " (report only: --heal applies the heals)"),
        ]
        for finding in report.findings {
            var line = "  [\(finding.outcome.name)] \(finding.kind.rawValue): \(finding.message)"
            if let remedy = finding.remedy { line += " — \(remedy.rawValue)" }
            if let reason = finding.outcome.reason { line += " (\(reason))" }
            lines.append(line)
        }
        for (source, problem) in report.uncheckedSources.sorted(by: { $0.key < $1.key }) {
            lines.append("  not checked: \(source.rawValue): \(problem)")
        }
        return lines.joined(separator: "\n")
    }
}
