import ComputeModel
import Foundation
import Store

extension ComputeManager {
    /// A suspend, resume or rebuild a restart cut short (its row held by start-up recovery)
    /// runs again from the start under the same request: every step of it finds what is
    /// done done, and its commit ends the original action's event. The devices never left
    /// the server, so there is nothing to release. Runs under the server's lock.
    func rerunServerOperation(_ row: JournalEntry) async {
        do {
            guard let current = try await reopenForRerun(row) else { return }
            switch row.kind {
            case .suspend, .resume:
                let passthrough = try await read { db in try Self.passthroughInterfaces(of: row.serverID, in: db) }
                var runner = SuspendRunner(manager: self, operation: row.kind == .suspend ? .suspend : .resume, journal: current)
                _ = await runner.run(passthrough: passthrough)
            case .rebuild:
                // The metadata the request replaced is not journalled: it stays as it was.
                _ = await runRebuild(current, metadata: nil)
            case .attach, .detach, .delete:
                preconditionFailure("a \(row.kind.rawValue) row is released, not run again")
            }
        } catch {
            logger.error("the resumed \(row.kind.rawValue) of \(row.serverID) did not start: \(error)")
        }
    }

    /// The row open again, to be run once more; nil, with the row closed, when its server
    /// was deleted meanwhile.
    private func reopenForRerun(_ row: JournalEntry) async throws(ComputeError) -> JournalEntry? {
        var reopened = row
        reopened.state = .open
        reopened.retry = nil
        reopened.details["resumed"] = "the \(row.kind.rawValue) runs again after a restart"
        let current = reopened
        return try await write { db in
            guard try ServerRecords.exists(row.serverID, in: db) else {
                var closed = current
                closed.state = .done
                closed.details["reason"] = "the server was deleted before the \(row.kind.rawValue) could run again"
                try JournalRecords.save(closed, in: db)
                return nil
            }
            try JournalRecords.save(current, in: db)
            return current
        }
    }
}
