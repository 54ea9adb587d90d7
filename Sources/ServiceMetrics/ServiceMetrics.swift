import Compute
import ComputeModel
import PCI
import Prometheus
import Store

/// The service's Prometheus metrics (`[metrics] listen`, `GET /metrics`). What the service
/// counts as it works lives in this registry: the operations (`OperationMetrics`, which the
/// compute manager reports to) and the HTTP requests. What the ledger and the audits already
/// hold is read when scraped (`exposition`), never counted twice.
///
/// One registry per service, not swift-metrics' process-wide bootstrap: tests run many
/// services in one process, and each must count its own.
public final class ServiceMetrics: OperationMetrics, StoreTransactionObserver {
    public let registry = PrometheusCollectorRegistry()
    public let hostName: String
    /// One per kind, made once: a transaction is recorded without a look-up in the registry.
    private let transactions: [StoreTransactionKind: DurationHistogram]

    /// Attaches take milliseconds and detaches up to timeout × attempts (160 s by default).
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(160),
    ]

    /// A transaction takes a fraction of a millisecond (SQLite) to a few (PostgreSQL's round
    /// trips); a pool exhausted by a burst, or a database going away, far longer.
    static let transactionBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
    ]

    /// The part of an operation spent in the database, 0…1.
    static let shareBuckets: [Double] = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]

    public init(hostName: String) {
        self.hostName = hostName
        var transactions: [StoreTransactionKind: DurationHistogram] = [:]
        for kind in StoreTransactionKind.allCases {
            transactions[kind] = registry.makeDurationHistogram(
                descriptor: Self.descriptor("store_transaction", unit: "seconds",
                                            "Each transaction of the compute store, from asking for it (a connection of the pool) to its end."),
                labels: [("hostname", hostName), ("kind", kind.rawValue)], buckets: Self.transactionBuckets)
        }
        self.transactions = transactions
    }

    // MARK: StoreTransactionObserver

    public func transactionEnded(_ kind: StoreTransactionKind, duration: Duration) {
        transactions[kind]?.record(duration)
    }

    // MARK: OperationMetrics

    public func finished(_ operation: DeviceOperation, vnicType: VNICType, result: OperationResult, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Self.descriptor("\(operation.rawValue)_duration", unit: "seconds",
                                        "How long each \(operation.rawValue) took, from the request to its answer or its end."),
            labels: [("hostname", hostName), ("vnic_type", vnicType.rawValue), ("result", result.rawValue)],
            buckets: Self.durationBuckets
        ).record(duration)
    }

    public func spentInDatabase(_ operation: DeviceOperation, database: Duration, total: Duration) {
        let labels = [("hostname", hostName), ("operation", operation.rawValue)]
        registry.makeDurationHistogram(
            descriptor: Self.descriptor("operation_database", unit: "seconds", "The time each operation spent in the compute store's transactions."),
            labels: labels, buckets: Self.transactionBuckets
        ).record(database)
        guard total > .zero else { return }
        registry.makeValueHistogram(
            descriptor: Self.descriptor("operation_database", unit: "ratio", "The part of each operation's time spent in the compute store's transactions."),
            labels: labels, buckets: Self.shareBuckets
        ).record(database / total)
    }

    public func rolledBack(_ operation: DeviceOperation) {
        counter("rollbacks", "Operations that undid their completed steps after a later step failed.",
                [("operation", operation.rawValue)]).increment()
    }

    public func detachTimedOut() {
        counter("detach_timeouts", "Detaches whose guest kept the device through every attempt.").increment()
    }

    public func quarantined() {
        counter("quarantines", "Devices quarantined because releasing them could not be confirmed.").increment()
    }

    // MARK: HTTP

    /// One answered request; `route` is the matched route's pattern (ids stay out of labels).
    public func request(api: String, route: String, method: String, status: Int) {
        counter("http_requests", "HTTP requests answered, by API, route, method and status.",
                [("api", api), ("route", route), ("method", method), ("status", String(status))]).increment()
    }

    // MARK: Start-up recovery

    /// What start-up recovery took up; set once, when the service has started.
    public func recovered(_ report: StartupRecovery.Report) {
        counter("recovered_operations", "Operations a restart found in flight, held and handed to the retries.")
            .increment(by: Int64(report.resumedOperations.count))
        counter("interrupted_boots", "Boots a restart found unfinished, ended in ERROR.")
            .increment(by: Int64(report.interruptedBoots.count))
    }

    // MARK: Exposition

    /// The Prometheus text format: the registry's metrics, then the ledger's devices and the
    /// audits' totals as they are now.
    public func exposition(devices: [PCIDevice], audits: AuditTotals) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        DeviceCensus(hostName: hostName, devices: devices).render(into: &buffer)
        AuditExposition(hostName: hostName, totals: audits).render(into: &buffer)
        return buffer
    }

    static func descriptor(_ name: String, unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sriov_compute", metricName: name, unitName: unit, helpText: help)
    }

    private func counter(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: Self.descriptor(name, unit: "total", help), labels: [("hostname", hostName)] + labels)
    }
}
