/// One `allocation_pools` entry: an inclusive range of addresses ports may get.
public struct AllocationPool: Sendable, Hashable {
    public var start: String
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }
}
