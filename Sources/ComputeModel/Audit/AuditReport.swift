import Foundation

/// The sources the audit compares with the ledger.
public enum AuditSource: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The ledger itself: devices, servers, interfaces, the journal (the database).
    case ledger
    /// The domains, live and persistent XML.
    case hypervisor
    /// The host's devices (sysfs).
    case host
    /// The ports bound to this host.
    case network

    public static func < (lhs: AuditSource, rhs: AuditSource) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One run of the audit: what it found, what it healed, and which sources it could not
/// check (whose silence it never took for "absent").
public struct AuditReport: Sendable, Hashable {
    public var host: String
    public var startedAt: Date
    public var finishedAt: Date
    /// Whether this run applied its heals (`--heal`, the periodic audit) or only reported.
    public var healing: Bool
    public var findings: [AuditFinding]
    /// Each source that could not be checked, with why.
    public var uncheckedSources: [AuditSource: String]

    public init(host: String, startedAt: Date, finishedAt: Date, healing: Bool, findings: [AuditFinding],
                uncheckedSources: [AuditSource: String]) {
        self.host = host
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.healing = healing
        self.findings = findings
        self.uncheckedSources = uncheckedSources
    }

    /// Findings per kind.
    public var countsByKind: [AuditFinding.Kind: Int] {
        findings.reduce(into: [:]) { counts, finding in counts[finding.kind, default: 0] += 1 }
    }

    /// Findings per outcome name (`reported`, `healable`, `withheld`, `healed`, `heal_failed`).
    public var countsByOutcome: [String: Int] {
        findings.reduce(into: [:]) { counts, finding in counts[finding.outcome.name, default: 0] += 1 }
    }

    public var healedCount: Int { findings.filter { $0.outcome == .healed }.count }

    /// Whether every source was checked and nothing disagreed.
    public var isClean: Bool { findings.isEmpty && uncheckedSources.isEmpty }
}

/// What the audits found and healed since the service started.
public struct AuditTotals: Sendable, Hashable {
    public var runs = 0
    public var findings = 0
    public var healed = 0
    public var healFailed = 0
    public var findingsByKind: [AuditFinding.Kind: Int] = [:]

    public init() {}

    public mutating func add(_ report: AuditReport) {
        runs += 1
        findings += report.findings.count
        healed += report.healedCount
        healFailed += report.findings.filter { $0.outcome.wasTried && $0.outcome != .healed }.count
        for (kind, count) in report.countsByKind { findingsByKind[kind, default: 0] += count }
    }
}

/// What the admin API shows: the last audit, and the totals since start.
public struct AuditStatus: Sendable, Hashable {
    public var last: AuditReport?
    public var totals: AuditTotals

    public init(last: AuditReport?, totals: AuditTotals) {
        self.last = last
        self.totals = totals
    }
}
