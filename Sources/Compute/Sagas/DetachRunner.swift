import ComputeModel
import Foundation
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

    func run() async {
        var saga = DetachSaga()
        var action = saga.start()
        var state = DetachWork()
        // The free runs with the unbind, under one hold of the server's lock; the saga
        // gets its outcome when it asks for it.
        var freed: DetachSaga.Event?
        while true {
            switch action {
            case .markDetaching: action = saga.handle(await markDetaching(&state))
            case .releaseFromGuest: action = saga.handle(await releaseFromGuest(state))
            case .unbindPort:
                let outcome = await unbindThenFree(state)
                freed = outcome.free
                action = saga.handle(outcome.unbind)
            case .freeDevice: action = saga.handle(freed ?? .stepFailed("the device was not freed with the unbind"))
            case .restoreAllocated(let reason): action = saga.handle(await restore(state, reason: reason))
            case .quarantine(let reason): action = saga.handle(await quarantine(state, reason: reason))
            case .finishSucceeded:
                await manager.finishEvent(Self.eventName, action: "detach_interface", server: serverID, requestID: requestID, error: nil)
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
        let manager = manager, serverID = serverID, portID = portID, requestID = requestID
        let result: Result<DetachWork, ComputeError> = await manager.serverLocks.withLock(serverID) {
            do {
                guard let vif = try await manager.database.read({ db in try VIFRecords.fetch(portID: portID, in: db) }),
                      vif.serverID == serverID
                else { return .failure(.notFound("Port \(portID) is not attached")) }
                var work = DetachWork(vif: vif)
                let journal = JournalEntry(kind: .detach, serverID: serverID, portID: portID, step: DetachSaga.State.releasingFromGuest.rawValue,
                                           details: ["pci_slot": vif.pciSlot?.description ?? ""], requestID: requestID)
                work.journal = journal
                if let slot = vif.pciSlot {
                    try await manager.tracker.update({ engine in
                        try engine.beginDetach(slot, instance: serverID)
                    }, record: { _, db in try JournalRecords.save(journal, in: db) })
                    work.device = await manager.tracker.device(at: slot)
                } else {
                    try await manager.database.write { db in try JournalRecords.save(journal, in: db) }
                }
                work.guestDevice = try Self.guestDevice(for: vif, device: work.device)
                return .success(work)
            } catch let error as ComputeError {
                return .failure(error)
            } catch {
                return .failure(.internalError("\(error)"))
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
