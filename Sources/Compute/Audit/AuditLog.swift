import ComputeModel

/// The audits since the service started: the last report, the totals, and a way to wait
/// for a report (how a test or a tool follows the periodic audit without polling).
public actor AuditLog {
    public private(set) var last: AuditReport?
    public private(set) var totals = AuditTotals()
    private var waiters: [(afterRuns: Int, continuation: CheckedContinuation<AuditReport, Never>)] = []
    /// Audits run one at a time: two at once would each heal from the other's half-done changes.
    nonisolated let runs = KeyedLock<Int>()

    public init() {}

    public var status: AuditStatus { AuditStatus(last: last, totals: totals) }

    func record(_ report: AuditReport) {
        last = report
        totals.add(report)
        let due = waiters.filter { $0.afterRuns < totals.runs }
        waiters.removeAll { $0.afterRuns < totals.runs }
        for waiter in due { waiter.continuation.resume(returning: report) }
    }

    /// The first report of a run after the `runs`-th: at once if there is one already.
    public func report(afterRuns runs: Int) async -> AuditReport {
        if let last, totals.runs > runs { return last }
        return await withCheckedContinuation { waiters.append((runs, $0)) }
    }
}
