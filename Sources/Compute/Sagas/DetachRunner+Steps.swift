import ComputeModel
import Foundation
import Networking
import PCI
import Store

extension DetachRunner {
    /// The unbind and, when it succeeds, the free, under the server's lock as one step for
    /// other operations on the server: once the network shows the port unbound, a client
    /// may attach it again at once, and that attach (which takes the same lock) must find
    /// the interface and its device already released, not half-way.
    func unbindThenFree(_ work: DetachWork) async -> (unbind: DetachSaga.Event, free: DetachSaga.Event?) {
        let manager = manager, serverID = serverID
        return await manager.serverLocks.withLock(serverID) {
            let unbound = await unbind(work)
            guard unbound == .stepSucceeded else { return (unbound, nil) }
            do {
                try await release(work)
                return (unbound, .stepSucceeded)
            } catch {
                return (unbound, .stepFailed("\(error)"))
            }
        }
    }

    private func unbind(_ work: DetachWork) async -> DetachSaga.Event {
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

    /// Device freed (with its PF/VF dependants), request and VIF dropped, journal closed.
    /// The caller holds the server's lock.
    private func release(_ work: DetachWork) async throws {
        guard let vif = work.vif, var journal = work.journal else { throw ComputeError.internalError("no interface") }
        journal.state = .done
        journal.step = DetachSaga.State.succeeded.rawValue
        let finished = journal
        let serverID = serverID
        guard try await manager.database.read({ db in try ServerRecords.fetch(serverID, in: db) }) != nil else {
            // The server was deleted meanwhile; its delete released everything.
            try await manager.database.write { db in try JournalRecords.save(finished, in: db) }
            return
        }
        try await manager.tracker.update({ engine in
            if let slot = vif.pciSlot { try engine.free(slot, instance: serverID) }
        }, record: { _, db in
            if let request = vif.pciRequestID { try PCIRequestRecords.delete(request, in: db) }
            try VIFRecords.delete(portID: vif.portID, in: db)
            try JournalRecords.save(finished, in: db)
        })
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
