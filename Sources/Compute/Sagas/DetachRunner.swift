import ComputeModel
import Foundation
import GRDB
import Networking
import PCI
import Store
import Virt

/// Executes a `DetachSaga` in the background after the API's 202. The server's lock is
/// held while the ledger changes, and released while the guest is given time to let go,
/// so a long detach (up to timeout × attempts) does not block the server's other work.
struct DetachRunner: Sendable {
    static let eventName = "compute_detach_interface"

    let manager: ComputeManager
    let serverID: UUID
    let portID: String
    let requestID: String
    /// The interface the API found; re-checked in the transaction that starts the detach.
    let vif: VirtualInterface

    func run() async {
        var saga = DetachSaga()
        var action = saga.start()
        var state = DetachWork()
        while true {
            switch action {
            case .markDetaching: action = saga.handle(await markDetaching(&state))
            case .releaseFromGuest: action = saga.handle(await releaseFromGuest(state))
            case .unbindPort: (saga, action) = await unbindAndFree(saga, state)
            case .freeDevice:
                let work = state
                action = saga.handle(await manager.serverLocks.withLock(serverID) { await free(work) })
            case .restoreAllocated(let reason): action = saga.handle(await restore(state, reason: reason))
            case .quarantine(let reason): action = saga.handle(await quarantine(state, reason: reason))
            case .finishSucceeded:
                // The free ended the event in its own transaction.
                return
            case .finishFailed(let reason):
                manager.logger.warning("Detach interface failed, port_id=\(portID), reason: \(reason)")
                await manager.finishEvent(Self.eventName, action: "detach_interface", server: serverID, requestID: requestID, error: reason)
                return
            }
        }
    }

    /// What the steps learn and pass on.
    struct DetachWork: Sendable {
        var vif: VirtualInterface?
        var device: PCIDevice?
        var guestDevice: GuestDevice?
        var journal: JournalEntry?
    }

    private func markDetaching(_ work: inout DetachWork) async -> DetachSaga.Event {
        let manager = manager, serverID = serverID, portID = portID, requestID = requestID, vif = vif
        let result = await manager.serverLocks.withLock(serverID) {
            await ComputeManager.outcome {
                var work = DetachWork(vif: vif)
                let journal = JournalEntry(kind: .detach, serverID: serverID, portID: portID, step: DetachSaga.State.releasingFromGuest.rawValue,
                                           details: ["pci_slot": vif.pciSlot?.description ?? ""], requestID: requestID)
                work.journal = journal
                // What the API saw must still hold under the lock: a racing detach or
                // re-attach of the port changes the interface row.
                let unchanged: @Sendable (Database) throws -> Void = { db in
                    guard try VIFRecords.fetch(portID: portID, in: db) == vif else {
                        throw ComputeError.notFound("Port \(portID) is not attached")
                    }
                    try JournalRecords.save(journal, in: db)
                }
                if let slot = vif.pciSlot {
                    try await manager.tracker.update({ engine in
                        try engine.beginDetach(slot, instance: serverID)
                    }, record: { _, db in try unchanged(db) })
                    work.device = await manager.tracker.device(at: slot)
                } else {
                    try await manager.database.write(unchanged)
                }
                work.guestDevice = try Self.guestDevice(for: vif, device: work.device)
                return work
            }
        }
        switch result {
        case .success(let prepared):
            work = prepared
            return .stepSucceeded
        case .failure(let error):
            return .stepFailed(error.message)
        }
    }

    /// The port looks free to everyone once it is unbound, so the ledger forgets the
    /// interface under the same hold of the server's lock: no operation of this server
    /// sees an unbound port that still has its interface row.
    private func unbindAndFree(_ saga: DetachSaga, _ work: DetachWork) async -> (DetachSaga, DetachSaga.Action) {
        await manager.serverLocks.withLock(serverID) {
            var saga = saga
            var action = saga.handle(await unbind(work))
            if action == .freeDevice { action = saga.handle(await free(work)) }
            return (saga, action)
        }
    }

    static func guestDevice(for vif: VirtualInterface, device: PCIDevice?) throws(ComputeError) -> GuestDevice {
        guard let vnic = VNICType(rawValue: vif.vnicType) else { throw .internalError("unknown vnic type \(vif.vnicType)") }
        if let device {
            return try GuestDeviceBuilder.device(vnicType: vnic, macAddress: vif.macAddress, vlan: vif.vlan, device: device)
        }
        throw .internalError("PCI device not found for port \(vif.portID) (pci_slot \(vif.pciSlot?.description ?? "none"))")
    }

    private func releaseFromGuest(_ work: DetachWork) async -> DetachSaga.Event {
        guard let guestDevice = work.guestDevice else { return .guest(.refused("no guest device")) }
        do {
            let outcome = try await manager.hypervisor.detach(guestDevice, from: serverID, policy: manager.configuration.detachPolicy)
            switch outcome {
            case .removed, .notFound, .domainGone:
                return .guest(.released)
            case .timedOut(let attempts):
                return .guest(.timedOut("the guest did not release the device after \(attempts) attempts of \(manager.configuration.detachPolicy.timeout) each"))
            case .removalFailed(let reason):
                return .guest(.refused("the guest refused to release the device: \(reason)"))
            }
        } catch .domainNotFound {
            return .guest(.released)
        } catch {
            return .guest(.refused("the hypervisor failed to detach the device: \(error)"))
        }
    }
}
