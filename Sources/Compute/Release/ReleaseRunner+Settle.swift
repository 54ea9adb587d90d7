import Foundation
import PCI
import Store

extension ReleaseRunner {
    /// Device freed (with its PF/VF dependants), interface and request rows dropped, the
    /// journal row closed: one transaction. Nil on success, the reason otherwise.
    func free(_ plan: ReleasePlan) async -> String? {
        var closed = journal
        closed.state = freedState
        closed.plan = plan
        closed.retry = nil
        return await settle(closed, .freed, change: { engine in
            // A delete of the server, or an operator, may have freed it already.
            guard let slot = plan.slot, engine.device(at: slot)?.instanceUUID == plan.serverID else { return }
            try engine.free(slot, instance: plan.serverID)
        }, record: { db in
            // The row is the port's only while it is this server's (it may have been
            // detached and attached elsewhere since a retry was scheduled).
            try VIFRecords.delete(portID: plan.portID, serverID: plan.serverID, in: db)
            if let request = plan.interface.pciRequestID { try PCIRequestRecords.delete(request, in: db) }
        })
    }

    /// The device stays the server's, quarantined with the reason; the interface and the
    /// request are recorded (an attach had not committed them yet), so that a detach, a
    /// delete or the retry finds them; the row keeps the remaining plan and its next try.
    func quarantine(_ plan: ReleasePlan, reason: String) async -> String? {
        var kept = journal
        kept.state = .quarantined
        kept.plan = plan
        kept.retry = (kept.retry ?? RetrySchedule(attempts: 0, nextAttemptAt: Date(), lastReason: reason)).after(failure: reason)
        kept.details["reason"] = reason
        return await settle(kept, .quarantined(reason: reason), change: { engine in try plan.hold(in: &engine, reason: reason) },
                            record: { db in try plan.recordHeld(in: db) })
    }

    /// The guest keeps the device: allocated again, the interface kept, the row ended.
    func restore(_ plan: ReleasePlan, reason: String) async -> String? {
        var ended = journal
        ended.state = .failed
        ended.details["reason"] = reason
        return await settle(ended, .restored(reason: reason), change: { engine in
            guard let slot = plan.slot, let device = engine.device(at: slot), device.instanceUUID == plan.serverID else { return }
            // A retried detach finds its device quarantined.
            if device.status == .quarantined { try engine.beginDetach(slot, instance: plan.serverID) }
            if engine.device(at: slot)?.status == .detaching { try engine.cancelDetach(slot, instance: plan.serverID) }
        }, record: { _ in })
    }

    private func settle(
        _ row: JournalEntry, _ outcome: ReleaseMachine.Outcome,
        change: @escaping @Sendable (inout PCIClaimEngine) throws -> Void, record: @escaping @Sendable (StoreTransaction) throws -> Void
    ) async -> String? {
        let alsoRecord = alsoRecord
        do {
            try await manager.tracker.update({ engine in try change(&engine) }, record: { _, db in
                try record(db)
                try JournalRecords.save(row, in: db)
                try alsoRecord(outcome, db)
            })
            return nil
        } catch {
            return "the ledger could not record the end of the release: \(error)"
        }
    }
}
