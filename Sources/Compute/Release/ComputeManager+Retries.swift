import ComputeModel
import Foundation
import Store

extension ComputeManager {
    /// The longest the retry loop sleeps without looking at the journal.
    static let retryLoopLongestPause: Duration = .seconds(30)
    /// How many tries of one row are recorded as instance actions (about an hour of them).
    static let recordedRetryAttempts = 16

    /// Starts the loop that takes up quarantined journal rows when they are due (the
    /// service starts it after start-up recovery; `stopRetries` ends it).
    public func startRetries() {
        retryLoop.withLock { task in
            guard task == nil else { return }
            task = Task { [self] in await runRetryLoop() }
        }
    }

    public func stopRetries() async {
        let task = retryLoop.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// Rings the loop: a row was just quarantined.
    func wakeRetries() {
        let doorbell = retryDoorbell
        Task { await doorbell.ring() }
    }

    private func runRetryLoop() async {
        while !Task.isCancelled {
            let next = await runDueRetries()
            let pause = next.map { Duration.milliseconds(max(10, Int($0.timeIntervalSinceNow * 1000))) } ?? Self.retryLoopLongestPause
            await retryDoorbell.wait(upTo: min(pause, Self.retryLoopLongestPause))
        }
    }

    /// Tries every quarantined row due by `date` (`.distantFuture`: all of them, as a test
    /// or an operator's "retry now" does) and returns when the next remaining one is due.
    @discardableResult
    public func runDueRetries(dueBy date: Date = Date()) async -> Date? {
        let rows: [JournalEntry]
        do {
            let host = hostName
            rows = try await database.read { db in try JournalRecords.quarantined(host: host, in: db) }
        } catch {
            logger.error("the retry loop could not read the journal: \(error)")
            return Date().addingTimeInterval(1)
        }
        var next: Date?
        for row in rows {
            let due = row.retry?.nextAttemptAt ?? .distantPast
            guard due <= date, !Task.isCancelled else {
                next = min(next ?? due, due)
                continue
            }
            if let retry = await self.retry(row) { next = min(next ?? retry, retry) }
        }
        return next
    }

    /// One try of a quarantined row, under its server's lock, from the row as it is then
    /// (a detach or a delete may have ended it meanwhile). Each try is an instance action
    /// of its own, so `server event list` shows the service finishing the release. Returns
    /// when the row is due again, if it is still quarantined.
    func retry(_ row: JournalEntry) async -> Date? {
        let id = row.id
        return await serverLocks.withLock(row.serverID) { () -> Date? in
            guard let current = try? await self.database.read({ db in try JournalRecords.fetch(id, in: db) }),
                  current.state == .quarantined
            else { return nil }
            if current.kind == .delete, current.portID == nil {
                await self.resumeDelete(current)
                return nil
            }
            switch current.kind {
            case .suspend, .resume, .rebuild:
                await self.rerunServerOperation(current)
                return nil
            case .attach, .detach, .delete: break
            }
            guard let plan = current.plan else {
                // A row from before plans were journalled: nothing to retry from; the device
                // stays quarantined for an operator.
                await self.closeUnplannable(current)
                return nil
            }
            let context = RequestContext(userID: "sriov-compute", projectID: "", isAdmin: true,
                                         requestID: "req-" + UUID().uuidString.lowercased())
            let serverID = current.serverID
            // The first tries are instance actions (what `server event list` shows); a release
            // still failing after those goes on every 5 minutes in the log only, so a port
            // Neutron never unbinds does not grow the server's history without end.
            let serverExists = (try? await self.database.read { db in try ServerRecords.exists(serverID, in: db) }) ?? false
            let recorded = serverExists && (current.retry?.attempts ?? 0) < Self.recordedRetryAttempts
            if recorded {
                do {
                    try await self.recordAction("detach_interface", server: serverID, context: context, event: DetachRunner.eventName)
                } catch {
                    self.logger.error("could not record the retried release of \(plan.portID) on \(serverID): \(error)")
                }
            }
            // A user's detach goes on being a detach: a guest that refuses keeps the device.
            var runner = ReleaseRunner(manager: self, journal: current, purpose: current.releasePurpose, failpoints: "retry",
                                       freedState: current.kind == .attach ? .rolledBack : .done)
            runner.alsoRecord = { outcome, db in
                guard recorded else { return }
                try? InstanceActionRecords.finishEvent(DetachRunner.eventName, serverID: serverID, requestID: context.requestID,
                                                       action: "detach_interface", error: outcome.failureReason, in: db)
            }
            switch await runner.run(plan) {
            case .quarantined:
                return try? await self.database.read { db in try JournalRecords.fetch(id, in: db)?.retry?.nextAttemptAt }
            case .failed:
                return Date().addingTimeInterval(RetrySchedule.pause(afterAttempts: (current.retry?.attempts ?? 0) + 1))
            case .freed, .restored:
                return nil
            }
        }
    }

    /// A delete (or a failed boot's release) a restart cut short runs again from the
    /// start: every step of it finds what is already done done. Runs under the server's lock.
    private func resumeDelete(_ row: JournalEntry) async {
        var closed = row
        closed.state = .done
        closed.retry = nil
        closed.details["resumed"] = "the release runs again"
        let final = closed
        do {
            let exists = try await write { db in
                try JournalRecords.save(final, in: db)
                return try ServerRecords.exists(row.serverID, in: db)
            }
            guard exists else { return }
            try await release(serverID: row.serverID, keepServer: row.details["keep_server"] == "true", requestID: row.requestID)
        } catch {
            logger.error("the resumed release of \(row.serverID) did not finish: \(error)")
        }
    }

    private func closeUnplannable(_ row: JournalEntry) async {
        var closed = row
        closed.state = .failed
        closed.details["reason"] = "no release plan in the journal row: the device stays quarantined until an operator releases it"
        let final = closed
        try? await database.write { db in try JournalRecords.save(final, in: db) }
    }
}

extension ReleaseMachine.Outcome {
    /// What an instance action's event records: nil when the release ended as asked.
    var failureReason: String? {
        switch self {
        case .freed: nil
        case .quarantined(let reason), .restored(let reason), .failed(let reason): reason
        }
    }
}
