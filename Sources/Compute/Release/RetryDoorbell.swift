/// Wakes the retry loop before its pause ends: a quarantine was just written and its first
/// retry is due within a second.
actor RetryDoorbell {
    private var waiter: CheckedContinuation<Void, Never>?
    private var rung = false

    func ring() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            rung = true
        }
    }

    /// Returns when rung, after `pause`, or when the waiting task is cancelled.
    func wait(upTo pause: Duration) async {
        if rung {
            rung = false
            return
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: pause)
            await self?.ring()
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter = $0 }
        } onCancel: {
            timer.cancel()
            Task { await self.ring() }
        }
        timer.cancel()
        rung = false
    }
}
