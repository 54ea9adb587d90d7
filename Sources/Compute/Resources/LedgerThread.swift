import Foundation

/// The ledger actor's executor: a thread of its own. `ResourceTracker` writes its rows
/// synchronously, inside the actor (its engine and its rows change together), and on
/// PostgreSQL a write waits for round trips to the database; on a thread of the cooperative
/// pool (as many as cores: two here) each such wait would take a core's worth of Swift
/// concurrency from the HTTP handlers and every other task. On its own thread the wait
/// blocks nothing else.
///
/// `@unchecked Sendable`: `jobs` and `stopping` are read and written only with `condition`
/// locked; the thread and `condition` are immutable after `init`.
final class LedgerThread: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// The thread ends once the jobs queued so far have run (the actor is gone: no more come).
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
