import ComputeModel
import Foundation
import Logging
import PCI
import Store
import Virt

/// Carries out a `SuspendMachine` against the hypervisor and the ledger, under the
/// server's lock. Each step is written to the journal row (`step`) before its side effect;
/// every step finds what is already done done (a domain already saved, a device already
/// out of or back in the guest), so a restart runs the operation again from the row
/// (`ComputeManager.rerunServerOperation`).
struct SuspendRunner: Sendable {
    let manager: ComputeManager
    let operation: SuspendMachine.Operation
    /// The operation's row: written at each step, closed by the commit.
    var journal: JournalEntry
    let log: Logger

    init(manager: ComputeManager, operation: SuspendMachine.Operation, journal: JournalEntry) {
        self.manager = manager
        self.operation = operation
        self.journal = journal
        log = manager.logger.operation(request: journal.requestID, server: journal.serverID, port: nil)
    }

    static func eventName(_ operation: SuspendMachine.Operation) -> String {
        "compute_\(operation.rawValue)_instance"
    }

    var serverID: UUID { journal.serverID }
    /// The failpoints' prefix: `suspend` or `resume`.
    private var points: String { operation.rawValue }

    /// Runs the operation on the server's direct-passthrough interfaces to its end.
    mutating func run(passthrough interfaces: [VirtualInterface]) async -> SuspendMachine.Outcome {
        var machine = SuspendMachine(operation: operation)
        var action = machine.start(passthrough: interfaces)
        while true {
            switch action {
            case .detach(let interface):
                await record("detaching \(interface.portID)")
                action = switch await detach(interface) {
                case .released: machine.guestReleased()
                case .refused(let reason): machine.guestRefused(reason)
                case .unconfirmed(let reason): machine.guestUnconfirmed(reason)
                }
                Failpoints.reach("\(points).after_detach")
            case .save:
                await record("saving")
                action = await save().map { machine.saveFailed($0) } ?? machine.saved()
                Failpoints.reach("\(points).after_save")
            case .restore:
                await record("restoring")
                action = await restore().map { machine.restoreFailed($0) } ?? machine.restored()
                Failpoints.reach("\(points).after_restore")
            case .plug(let interface):
                await record("plugging \(interface.portID)")
                action = await plug(interface).map { machine.plugFailed($0) } ?? machine.plugged()
                Failpoints.reach("\(points).after_plug")
            case .commit(let outcome):
                action = await commit(outcome).map { machine.commitFailed($0) } ?? machine.committed()
                Failpoints.reach("\(points).after_commit")
            case .finish(let outcome):
                if let failure = outcome.failure { log.warning("\(operation.rawValue) failed: \(failure)") } else { log.info("\(operation.rawValue)ed") }
                return outcome
            case .finishUnrecorded(let outcome, let reason):
                log.error("\(operation.rawValue) ended but could not be recorded; a restart takes it up again: \(reason)")
                var unrecorded = outcome
                unrecorded.failure = reason
                return unrecorded
            }
        }
    }

    /// The step, written before its side effect. A row that cannot be written stops
    /// nothing: the row is open either way, and a restart runs the operation again.
    private mutating func record(_ step: String) async {
        journal.step = step
        let row = journal
        do {
            try await manager.database.write { db in try JournalRecords.save(row, in: db) }
        } catch {
            log.error("could not record the step \(step): \(error)")
        }
    }

    enum GuestAnswer {
        case released, refused(String), unconfirmed(String)
    }

    /// Out of the live guest, confirmed as a detach confirms it. A domain already saved
    /// holds no passthrough device (the hypervisor does not save a guest that holds one).
    private func detach(_ interface: VirtualInterface) async -> GuestAnswer {
        if Failpoints.failsHere("\(points).detach") { return .unconfirmed("failpoint \(points).detach") }
        let hypervisor = manager.hypervisor
        let policy = manager.configuration.detachPolicy
        do {
            if try await hypervisor.state(of: serverID) == .suspended { return .released }
            let guest = try await guestDevice(interface)
            switch try await hypervisor.detachLive(guest, from: serverID, policy: policy) {
            case .removed, .notFound, .domainGone: return .released
            case .timedOut(let attempts):
                manager.configuration.metrics.detachTimedOut()
                return .unconfirmed("the guest did not release the device after \(attempts) attempts of \(policy.timeout) each")
            case .removalFailed(let reason): return .refused(reason)
            }
        } catch {
            return .unconfirmed("the hypervisor could not detach the device: \(error)")
        }
    }

    /// Nil once the domain is saved (now, or already); the reason otherwise.
    private func save() async -> String? {
        if Failpoints.failsHere("\(points).save") { return "failpoint \(points).save" }
        do {
            if try await manager.hypervisor.state(of: serverID) == .suspended { return nil }
            try await manager.hypervisor.suspend(serverID)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Nil once the guest runs again (now, or already); the reason otherwise.
    private func restore() async -> String? {
        if Failpoints.failsHere("\(points).restore") { return "failpoint \(points).restore" }
        do {
            if try await manager.hypervisor.state(of: serverID).isLive { return nil }
            try await manager.hypervisor.resume(serverID)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Nil once the live guest holds the device (now, or already); the reason otherwise.
    private func plug(_ interface: VirtualInterface) async -> String? {
        if Failpoints.failsHere("\(points).plug") { return "failpoint \(points).plug" }
        do {
            let guest = try await guestDevice(interface)
            if try await manager.hypervisor.contains(guest, in: serverID, live: true) { return nil }
            try await manager.hypervisor.attachLive(guest, to: serverID)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func guestDevice(_ interface: VirtualInterface) async throws(ComputeError) -> GuestDevice {
        var device: PCIDevice?
        if let slot = interface.pciSlot { device = await manager.tracker.device(at: slot) }
        return try DetachRunner.guestDevice(for: interface, device: device)
    }

    /// The server's vm_state (its task state cleared), the quarantined devices, the journal
    /// row closed and the action's event ended: one transaction. Nil on success.
    private mutating func commit(_ outcome: SuspendMachine.Outcome) async -> String? {
        var closed = journal
        closed.step = "committed"
        closed.state = outcome.failure == nil ? .done : .failed
        if let failure = outcome.failure { closed.details["reason"] = failure }
        let row = closed, serverID = serverID, operation = operation
        let event = Self.eventName(operation)
        let held = outcome.quarantined.map { (ReleasePlan(interface: $0.interface, request: nil, guestMayHoldDevice: true, portMayBeBound: true), $0.reason) }
        do {
            try await manager.tracker.update({ engine in
                for (plan, reason) in held { try plan.hold(in: &engine, reason: reason) }
            }, record: { _, db in
                if var server = try ServerRecords.fetch(serverID, in: db) {
                    server.vmState = outcome.vmState
                    server.taskState = nil
                    server.updatedAt = Date()
                    try ServerRecords.update(server, in: db)
                }
                try JournalRecords.save(row, in: db)
                // The event is history: a missing action must not undo the rest.
                try? InstanceActionRecords.finishEvent(event, serverID: serverID, requestID: row.requestID, action: operation.rawValue,
                                                       error: outcome.failure, in: db)
            })
            journal = row
            return nil
        } catch {
            return "the ledger could not record the end of the \(operation.rawValue): \(error)"
        }
    }
}
