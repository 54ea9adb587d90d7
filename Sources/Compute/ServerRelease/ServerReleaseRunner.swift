import ComputeModel
import Foundation
import PCI
import Store
import Virt

/// Carries out a `ServerReleaseMachine`. Runs under the server's lock. The server's row
/// is written before the domain goes and each port's row before its unbind, so a restart
/// that finds either open takes the release up again (`ComputeManager+Retries`).
struct ServerReleaseRunner: Sendable {
    let manager: ComputeManager
    let serverID: UUID
    /// A failed boot keeps the server (in ERROR); a delete removes it.
    let keepServer: Bool
    let requestID: String

    func run() async throws(ComputeError) {
        var row = JournalEntry(kind: .delete, serverID: serverID, portID: nil, step: "undefining",
                               details: keepServer ? ["keep_server": "true"] : [:], requestID: requestID)
        var machine = ServerReleaseMachine(serverID: serverID)
        var action = machine.start()
        while true {
            switch action {
            case .destroyDomain:
                action = switch await destroyDomain(&row) {
                case .success(let interfaces): machine.domainDestroyed(interfaces: interfaces)
                case .failure(let error): machine.domainFailed(error)
                }
            case .releasePort(let vif):
                action = machine.portReleased(vif.portID, outcome: await releasePort(vif))
            case .remove:
                let failure = await remove(row)
                action = failure.map { machine.removeFailed($0) } ?? machine.removed()
                Failpoints.reach("delete.after_remove")
            case .markError(let kept):
                await markError(row, kept: kept)
                action = machine.markedError()
            case .finishSucceeded:
                return
            case .finishFailed(let error):
                throw error
            }
        }
    }

    private func destroyDomain(_ row: inout JournalEntry) async -> Result<[VirtualInterface], ComputeError> {
        let manager = manager, serverID = serverID
        do {
            try await manager.database.write { [row] db in try JournalRecords.save(row, in: db) }
            Failpoints.reach("delete.after_journal")
            do {
                try await manager.hypervisor.undefine(serverID)
            } catch .domainNotFound {
                // Already gone (a failed boot, or removed behind our back).
            }
            Failpoints.reach("delete.after_undefine")
            row.step = "releasing"
            return .success(try await manager.database.read { db in try VIFRecords.fetchAll(serverID: serverID, in: db) })
        } catch {
            row.state = .failed
            row.details["reason"] = "the domain could not be destroyed: \(error)"
            try? await manager.database.write { [row] db in try JournalRecords.save(row, in: db) }
            return .failure(.domainDestroyFailed(serverID, cause: "\(error)"))
        }
    }

    /// The port's row (ending any retry still scheduled for it: this release takes over),
    /// then the release itself.
    private func releasePort(_ vif: VirtualInterface) async -> ReleaseMachine.Outcome {
        let plan = ReleasePlan(interface: vif, request: nil, guestMayHoldDevice: false, portMayBeBound: true)
        let portRow = JournalEntry(kind: .delete, serverID: serverID, portID: vif.portID, step: "releasing",
                                   details: ["pci_slot": vif.pciSlot?.description ?? ""], requestID: requestID, plan: plan)
        let serverID = serverID, requestID = requestID
        do {
            try await manager.database.write { db in
                try JournalRecords.supersede(portID: vif.portID, serverID: serverID, by: requestID, in: db)
                try JournalRecords.save(portRow, in: db)
            }
        } catch {
            return .failed(reason: "the journal could not be written: \(error)")
        }
        return await ReleaseRunner(manager: manager, journal: portRow, purpose: .undo, failpoints: "delete").run(plan)
    }

    /// What the server still owns is freed (nothing, unless a device escaped its
    /// interface row), and its rows removed or cleaned, with its journal row closed.
    private func remove(_ row: JournalEntry) async -> ComputeError? {
        var closed = row
        closed.state = .done
        closed.step = "removed"
        let serverID = serverID, keepServer = keepServer, final = closed
        do {
            _ = try await manager.tracker.update({ engine in engine.freeAll(ownedBy: serverID) }, record: { _, db in
                if keepServer {
                    for request in try PCIRequestRecords.fetchAll(serverID: serverID, in: db) {
                        try PCIRequestRecords.delete(request.requestID, in: db)
                    }
                } else {
                    try ServerRecords.delete(serverID, in: db)
                }
                try JournalRecords.save(final, in: db)
            })
            if !keepServer { manager.serverOwners.forget(serverID) }
            return nil
        } catch {
            return .devicesReleaseFailed(serverID, cause: "\(error)")
        }
    }

    private func markError(_ row: JournalEntry, kept: [ServerReleaseMachine.KeptPort]) async {
        var ended = row
        ended.state = .failed
        ended.details["reason"] = "ports kept: " + kept.map { "\($0.portID): \($0.reason)" }.joined(separator: "; ")
        let final = ended, serverID = serverID
        do {
            try await manager.database.write { db in
                try JournalRecords.save(final, in: db)
                try ServerRecords.setVMState(.error, of: serverID, in: db)
            }
        } catch {
            manager.logger.error("could not put \(serverID) in ERROR after its release kept ports: \(error)")
        }
        manager.logger.error("release of \(serverID) kept the devices of ports \(kept.map(\.portID)): they stay quarantined until their release is confirmed")
    }
}
