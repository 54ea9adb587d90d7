/// The detaches still running after their 202. Each is tracked until it ends, so a test,
/// a benchmark or a shutdown can wait for the ledger to settle. (Retries are journal rows,
/// taken up by the retry loop: `ComputeManager+Retries`.)
public actor BackgroundTasks {
    private var running: [Int: Task<Void, Never>] = [:]
    private var nextID = 0

    public init() {}

    func start(_ work: @escaping @Sendable () async -> Void) {
        let id = nextID
        nextID += 1
        running[id] = Task {
            await work()
            self.finished(id)
        }
    }

    private func finished(_ id: Int) {
        running[id] = nil
    }

    /// Returns once every detach started so far (and any they started) has ended.
    public func waitUntilIdle() async {
        while let task = running.values.first {
            await task.value
        }
    }

    public var count: Int { running.count }
}
