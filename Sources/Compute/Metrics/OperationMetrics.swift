import PCI

/// What the compute manager reports as it works, for the operator's metrics. A protocol,
/// so that Compute names no metrics library: the service hands it one over a Prometheus
/// registry (`ServiceMetrics`), tests and tools the no-op.
public protocol OperationMetrics: Sendable {
    /// An attach or a detach ended, `duration` after it started, with `result`.
    func finished(_ operation: DeviceOperation, vnicType: VNICType, result: OperationResult, duration: Duration)
    /// An operation that took `total` spent `database` of it in the database's transactions
    /// (`DatabaseTime`; measured only when the store is a `TimedComputeStore`).
    func spentInDatabase(_ operation: DeviceOperation, database: Duration, total: Duration)
    /// An operation undid its completed steps after a later one failed.
    func rolledBack(_ operation: DeviceOperation)
    /// The guest kept a device through every attempt of the detach policy.
    func detachTimedOut()
    /// A device was quarantined: releasing it could not be confirmed.
    func quarantined()
}

public enum DeviceOperation: String, Sendable, Hashable, CaseIterable {
    case attach, detach, boot
}

public enum OperationResult: String, Sendable, Hashable, CaseIterable {
    case success
    /// Refused before anything changed or undone in full: the client got an error.
    case failure
}

/// Reports nothing: for the command-line tools and for tests that do not read metrics.
public struct NoOperationMetrics: OperationMetrics {
    public init() {}
    public func finished(_ operation: DeviceOperation, vnicType: VNICType, result: OperationResult, duration: Duration) {}
    public func spentInDatabase(_ operation: DeviceOperation, database: Duration, total: Duration) {}
    public func rolledBack(_ operation: DeviceOperation) {}
    public func detachTimedOut() {}
    public func quarantined() {}
}
