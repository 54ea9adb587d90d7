import ComputeModel
import Foundation
import Logging
import NetworkModel
import PCI
import Store
import Virt

/// A detach, after the API's 202: the device marked detaching and the journal row written
/// with the release plan (one transaction, under the server's lock), then the one release
/// (`ReleaseRunner`, purpose `.detach`): the guest is waited on without the server's lock,
/// so a long detach (up to timeout × attempts) does not block the server's other work;
/// the unbind and the ledger's end run under it.
///
/// A user's detach runs it with purpose `.detach`; the network's `network-vif-deleted`
/// with `.undo` (`portDeleted`): the port is gone, so a guest that refuses cannot keep the
/// device as a live interface the user could detach again, and the device is quarantined
/// for the retries instead.
struct DetachRunner: Sendable {
    static let eventName = "compute_detach_interface"
    /// The journal detail that marks a release the network started by deleting the port;
    /// its retries keep the undo's purpose.
    static let portDeletedDetail = "port_deleted"

    let manager: ComputeManager
    let serverID: UUID
    let portID: String
    let requestID: String
    /// The interface the API found; re-checked in the transaction that starts the detach.
    let vif: VirtualInterface
    /// Whether the network deleted the port (`network-vif-deleted`) rather than a user
    /// asking for the detach.
    var portDeleted = false

    /// The release's outcome, or why the detach could not start (the interface changed
    /// meanwhile, or the ledger refused the device's state).
    @discardableResult
    func run() async -> Result<ReleaseMachine.Outcome, ComputeError> {
        let started = ContinuousClock.now
        let journal: JournalEntry
        switch await markDetaching() {
        case .success(let marked): journal = marked
        case .failure(let error):
            await finish(error: error.message)
            measure(.failure, since: started)
            return .failure(error)
        }
        Failpoints.reach("detach.after_mark")
        let serverID = serverID, requestID = requestID
        var runner = ReleaseRunner(manager: manager, journal: journal, purpose: journal.releasePurpose, failpoints: "detach")
        runner.locksLedgerSteps = true
        runner.alsoRecord = { outcome, db in
            // The event ends with the free; a missing action must not undo it (it is only history).
            guard case .freed = outcome else { return }
            try? InstanceActionRecords.finishEvent(Self.eventName, serverID: serverID, requestID: requestID,
                                                   action: "detach_interface", error: nil, in: db)
        }
        let outcome = await runner.run(journal.plan!)
        if let reason = outcome.failureReason { await finish(error: reason) } else { log.info("detached \(vif.vnicType) port") }
        measure(outcome.failureReason == nil ? .success : .failure, since: started)
        return .success(outcome)
    }

    /// The detach's duration from the start of its background run (the API answered 202 then).
    /// The request, server, port and device on every line.
    private var log: Logger {
        manager.logger.operation(request: requestID, server: serverID, port: portID, device: vif.pciSlot)
    }

    private func measure(_ result: OperationResult, since started: ContinuousClock.Instant) {
        guard let vnicType = VNICType(rawValue: vif.vnicType) else { return }
        manager.configuration.metrics.finished(.detach, vnicType: vnicType, result: result, duration: .now - started)
    }

    private func finish(error reason: String) async {
        log.warning("Detach interface failed, port_id=\(portID), reason: \(reason)")
        await manager.finishEvent(Self.eventName, action: "detach_interface", server: serverID, requestID: requestID, error: reason)
    }

    /// Under the server's lock, in one transaction: the interface still as the API saw it
    /// (a racing detach or re-attach changes the row), the device detaching, the journal
    /// row with the plan, and any retry still scheduled for the port's earlier release
    /// ended (this detach takes it over).
    private func markDetaching() async -> Result<JournalEntry, ComputeError> {
        let manager = manager, serverID = serverID, portID = portID, vif = vif
        let plan = ReleasePlan(interface: vif, request: nil, guestMayHoldDevice: true, portMayBeBound: true)
        var details = ["pci_slot": vif.pciSlot?.description ?? ""]
        if portDeleted { details[Self.portDeletedDetail] = "true" }
        let journal = JournalEntry(kind: .detach, serverID: serverID, portID: portID, step: "releasing",
                                   details: details, requestID: requestID, plan: plan)
        return await manager.serverLocks.withLock(serverID) {
            await ComputeManager.outcome {
                try await manager.tracker.update({ engine in
                    if let slot = vif.pciSlot { try engine.beginDetach(slot, instance: serverID) }
                }, record: { _, db in
                    // The interface and the rows to supersede in one read, before any write.
                    let found = try JournalRecords.interfaceAndQuarantined(portID: portID, serverID: serverID, in: db)
                    guard found.interface == vif else {
                        throw ComputeError.interfaceChanged(port: portID)
                    }
                    try JournalRecords.supersede(found.quarantined, by: requestID, in: db)
                    try JournalRecords.save(journal, in: db)
                })
                return journal
            }
        }
    }

    static func guestDevice(for vif: VirtualInterface, device: PCIDevice?) throws(ComputeError) -> GuestDevice {
        guard let vnic = VNICType(rawValue: vif.vnicType) else { throw .inconsistent("unknown vnic type \(vif.vnicType)") }
        if vnic == .normal { return GuestDeviceBuilder.bridgeDevice(recorded: vif) }
        if let device {
            return try GuestDeviceBuilder.device(vnicType: vnic, macAddress: vif.macAddress, vlan: vif.vlan, device: device)
        }
        throw .inconsistent("PCI device not found for port \(vif.portID) (pci_slot \(vif.pciSlot?.description ?? "none"))")
    }
}

extension JournalEntry {
    /// What a guest's refusal means for this row's release: a user's detach keeps the
    /// device allocated (the user may detach again); everything else, a detach the
    /// network started by deleting the port included, quarantines it.
    var releasePurpose: ReleaseMachine.Purpose {
        kind == .detach && details[DetachRunner.portDeletedDetail] == nil ? .detach : .undo
    }
}
