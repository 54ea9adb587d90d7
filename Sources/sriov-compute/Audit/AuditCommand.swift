import App
import ArgumentParser
import ComputeAPI
import Foundation
import Logging

/// `sriov-compute audit [--heal] [--json]`: the ledger compared with the hypervisor's
/// domains, the host's devices and the ports bound to this host, while the service is
/// stopped (a running service audits itself every `[audit] interval` seconds, and answers
/// `GET /v2.1/os-sriov-audit`). Exits 0 when nothing is left to do, 1 otherwise.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Compare the PCI ledger with the domains, the host and the network; with --heal, heal what can be proved.",
        discussion: """
            Heals only what is provable: a port bound to this host for a server that no longer exists is unbound; \
            a device owned by a server that no longer exists, that no guest and no port holds, is freed; a device a guest \
            holds that the ledger gives to nobody is quarantined to that server; a device gone from the host is removed \
            (when freed, if it is owned). Everything else is reported. A source that cannot be read is reported as not \
            checked, never taken as empty. Runs while the service is stopped; exits 1 when findings remain or a source \
            could not be checked.
            """)

    @OptionGroup var options: ConfigOption

    @Flag(help: "Apply the heals (without it, nothing changes).")
    var heal = false

    @Flag(help: "Print the report as JSON (the admin API's shape).")
    var json = false

    func run() async throws {
        let configuration = try options.load()
        let tools = try await LedgerToolsCommand.open(configuration, tool: "sriov-compute audit")
        let report = await tools.manager.audit(heal: heal)
        try await tools.shutdown()
        print(json ? AuditReportView.report(report).rendered : AuditReportText(report: report).rendered)
        let open = report.findings.contains { $0.outcome != .healed }
        if open || !report.uncheckedSources.isEmpty { throw ExitCode(1) }
    }
}
