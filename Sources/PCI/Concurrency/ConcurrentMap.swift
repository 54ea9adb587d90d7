import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `map` over the CPUs: the items are cut into one run of neighbours per CPU, each run
/// mapped on its own thread, the results in the order of the items. For start-up's
/// per-device work on a host of 16,000 devices: the sysfs scan (a third of a restart, on
/// one core) and reading the ledger's rows. `transform` is called from several threads
/// at once: it must share nothing mutable.
public enum ConcurrentMap {
    /// The fewest items a run gets: fewer in all are mapped on the calling thread, where
    /// they cost less than starting threads.
    public static let minimumPerRun = 256

    public static func map<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
        let runs = min(processorCount, items.count / minimumPerRun)
        guard runs > 1 else { return items.map(transform) }
        var results = [Result?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each run writes only its own range of slots, and `concurrentPerform` returns
            // once every run has: no slot is written by two threads or read before then.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: runs) { run in
                let range = items.count * run / runs ..< items.count * (run + 1) / runs
                for index in range { slots[index] = transform(items[index]) }
            }
        }
        return results.map { $0! }
    }

    /// The CPUs online.
    static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
