import Synchronization

/// The time an operation spent in the database: the sum of its transactions' times, as a
/// `TimedComputeStore` measures them. The operation binds one to `DatabaseTime.current` for
/// the task that runs it (task-locals reach the actors it calls and the child tasks it
/// starts), so the store needs no parameter to know whom a transaction is for.
public final class DatabaseTime: Sendable {
    /// The operation running in this task, if it counts its database time.
    @TaskLocal public static var current: DatabaseTime?

    private let nanoseconds = Atomic<Int64>(0)

    public init() {}

    /// The total so far.
    public var total: Duration { .nanoseconds(nanoseconds.load(ordering: .relaxed)) }

    func add(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        nanoseconds.add(seconds * 1_000_000_000 + attoseconds / 1_000_000_000, ordering: .relaxed)
    }
}
