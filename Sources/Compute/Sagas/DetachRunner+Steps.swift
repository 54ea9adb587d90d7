import ComputeModel
import Foundation
import Networking
import PCI
import Store

extension DetachRunner {
    func unbind(_ work: DetachWork) async -> DetachSaga.Event {
        guard let vif = work.vif else { return .stepFailed("no interface") }
        do {
            _ = try await manager.network.unbindPort(portID, removingProfileKeys: vif.profileKeys)
            return .stepSucceeded
        } catch .portNotFound {
            // Deleted in the network meanwhile: nothing is bound any more.
            return .stepSucceeded
        } catch {
            return .stepFailed(error.description)
        }
    }

    /// Device freed (with its PF/VF dependants), request and VIF dropped, journal closed
    /// and the action's event ended: one transaction. Runs under the server's lock.
    func free(_ work: DetachWork) async -> DetachSaga.Event {
        guard let vif = work.vif, var journal = work.journal else { return .stepFailed("no interface") }
        journal.state = .done
        journal.step = DetachSaga.State.succeeded.rawValue
        let finished = journal
        let serverID = serverID, requestID = requestID
        do {
            try await manager.tracker.update({ engine in
                // A delete of the server meanwhile released the device already.
                guard let slot = vif.pciSlot, engine.device(at: slot)?.instanceUUID == serverID else { return }
                try engine.free(slot, instance: serverID)
            }, record: { _, db in
                if let request = vif.pciRequestID { try PCIRequestRecords.delete(request, in: db) }
                try VIFRecords.delete(portID: vif.portID, in: db)
                try JournalRecords.save(finished, in: db)
                // A missing action must not undo the free; it is only history.
                try? InstanceActionRecords.finishEvent(Self.eventName, serverID: serverID, requestID: requestID,
                                                       action: "detach_interface", error: nil, in: db)
            })
            return .stepSucceeded
        } catch {
            return .stepFailed("\(error)")
        }
    }

    func restore(_ work: DetachWork, reason: String) async -> DetachSaga.Event {
        await endOwned(work, reason: reason) { engine, slot, serverID in try engine.cancelDetach(slot, instance: serverID) }
    }

    func quarantine(_ work: DetachWork, reason: String) async -> DetachSaga.Event {
        await endOwned(work, reason: reason) { engine, slot, serverID in
            try engine.quarantine(slot, instance: serverID, reason: reason)
        }
    }

    /// The device stays the server's (allocated again, or quarantined); the journal row
    /// ends as failed with the reason.
    private func endOwned(
        _ work: DetachWork, reason: String, _ change: @escaping @Sendable (inout PCIClaimEngine, PCIAddress, UUID) throws -> Void
    ) async -> DetachSaga.Event {
        guard var journal = work.journal else { return .stepFailed(reason) }
        journal.state = .failed
        journal.details["reason"] = reason
        let finished = journal
        let slot = work.vif?.pciSlot
        return await underLock { manager, serverID in
            guard try await manager.database.read({ db in try ServerRecords.fetch(serverID, in: db) }) != nil else {
                try await manager.database.write { db in try JournalRecords.save(finished, in: db) }
                return
            }
            try await manager.tracker.update({ engine in
                if let slot { try change(&engine, slot, serverID) }
            }, record: { _, db in try JournalRecords.save(finished, in: db) })
        }
    }

    private func underLock(_ body: @escaping @Sendable (ComputeManager, UUID) async throws -> Void) async -> DetachSaga.Event {
        let manager = manager, serverID = serverID
        let failure: String? = await manager.serverLocks.withLock(serverID) {
            do {
                try await body(manager, serverID)
                return nil
            } catch {
                return "\(error)"
            }
        }
        return failure.map { .stepFailed($0) } ?? .stepSucceeded
    }
}
