import PCI

/// A snapshot and what the scan had to step around to produce it (entries skipped,
/// optional files ignored), for the operator to read.
public struct ScanResult: Sendable, Hashable {
    public var snapshot: HostSnapshot
    /// One sentence per problem, each naming the path involved; in scan order.
    public var warnings: [String]

    public init(snapshot: HostSnapshot, warnings: [String]) {
        self.snapshot = snapshot
        self.warnings = warnings
    }
}
