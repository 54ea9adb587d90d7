import ComputeModel
import Foundation
import NetworkModel
import PCI
import Store
import Virt

/// Carries out a `ReleaseMachine` against the hypervisor, the network and the ledger, for
/// whichever operation owns the journal row: the attach's undo, a detach, a delete's port,
/// start-up recovery and the retries all release through here. The caller holds the
/// server's lock for the ledger steps (the detach lets it go while the guest is waited on).
struct ReleaseRunner: Sendable {
    let manager: ComputeManager
    /// The operation's row: the settling transaction closes it, or quarantines it with
    /// the remaining plan and the next retry.
    let journal: JournalEntry
    let purpose: ReleaseMachine.Purpose
    /// The failpoints' prefix: `attach.undo`, `detach`, `delete`, `retry`.
    let failpoints: String
    /// The state a free closes the row with (`rolled_back` for an attach's undo).
    var freedState: JournalEntry.State = .done
    /// Rows the operation writes with the settling transaction (the end of its event).
    var alsoRecord: @Sendable (ReleaseMachine.Outcome, StoreTransaction) throws -> Void = { _, _ in }

    /// The ledger steps (the unbind and the settling) run under the server's lock, while
    /// the guest is waited on without it (a detach; the others hold the lock already).
    var locksLedgerSteps = false

    /// Runs the release of `plan` to its end.
    func run(_ plan: ReleasePlan) async -> ReleaseMachine.Outcome {
        var machine = ReleaseMachine(purpose: purpose)
        var action = machine.start(plan)
        guard locksLedgerSteps else { return await drive(&machine, action) }
        if case .releaseFromGuest = action { action = await step(&machine, action) }
        let waiting = machine, next = action, runner = self
        return await manager.serverLocks.withLock(plan.serverID) {
            var machine = waiting
            return await runner.drive(&machine, next)
        }
    }

    private func drive(_ machine: inout ReleaseMachine, _ first: ReleaseMachine.Action) async -> ReleaseMachine.Outcome {
        var action = first
        while true {
            if case .finish(let outcome) = action {
                Failpoints.reach("\(failpoints).after_settle")
                if case .quarantined(let reason) = outcome {
                    manager.logger.operation(request: journal.requestID, server: journal.serverID, port: journal.portID, device: journal.plan?.slot)
                        .error("release not confirmed: the device stays quarantined: \(reason)")
                    // A retry that fails again leaves the device where it was: not a new quarantine.
                    // A normal port has no device to quarantine: its row is only retried.
                    if journal.state != .quarantined, journal.plan?.slot != nil { manager.configuration.metrics.quarantined() }
                    manager.wakeRetries()
                }
                return outcome
            }
            action = await step(&machine, action)
        }
    }

    /// Carries out one action and answers it with its event.
    private func step(_ machine: inout ReleaseMachine, _ action: ReleaseMachine.Action) async -> ReleaseMachine.Action {
        switch action {
        case .releaseFromGuest(let plan):
            let next = switch await releaseFromGuest(plan) {
            case .released: machine.guestReleased()
            case .refused(let reason): machine.guestRefused(reason)
            case .unconfirmed(let reason): machine.guestUnconfirmed(reason)
            }
            Failpoints.reach("\(failpoints).after_guest_release")
            return next
        case .unbindPort(let plan):
            let failure = await unbind(plan)
            let next = failure.map { machine.unbindUnconfirmed($0) } ?? machine.portUnbound()
            Failpoints.reach("\(failpoints).after_unbind")
            return next
        case .free(let plan):
            return answer(await free(plan), &machine)
        case .quarantine(let plan, let reason):
            return answer(await quarantine(plan, reason: reason), &machine)
        case .restoreAllocated(let plan, let reason):
            return answer(await restore(plan, reason: reason), &machine)
        case .finish:
            return action
        }
    }

    private func answer(_ failure: String?, _ machine: inout ReleaseMachine) -> ReleaseMachine.Action {
        failure.map { machine.settleFailed($0) } ?? machine.settled()
    }

    enum GuestAnswer {
        case released, refused(String), unconfirmed(String)
    }

    /// Asks the guest to let go; only the hypervisor's confirmation counts as released. A
    /// normal port's interface holds no device of the ledger: it is found by MAC and bridge.
    private func releaseFromGuest(_ plan: ReleasePlan) async -> GuestAnswer {
        if Failpoints.failsHere("\(failpoints).guest_release") { return .unconfirmed("failpoint \(failpoints).guest_release") }
        var device: PCIDevice?
        if plan.interface.vnicType != VNICType.normal.rawValue {
            guard let slot = plan.slot, let tracked = await manager.tracker.device(at: slot) else {
                return .unconfirmed("the device \(plan.slot?.description ?? "of port \(plan.portID)") is not in the ledger")
            }
            device = tracked
        }
        let guest: GuestDevice
        do {
            guest = try DetachRunner.guestDevice(for: plan.interface, device: device)
        } catch {
            return .unconfirmed(error.message)
        }
        let policy = manager.configuration.detachPolicy
        do {
            switch try await manager.hypervisor.detach(guest, from: plan.serverID, policy: policy) {
            case .removed, .notFound, .domainGone: return .released
            case .timedOut(let attempts):
                manager.configuration.metrics.detachTimedOut()
                return .unconfirmed("the guest did not release the device after \(attempts) attempts of \(policy.timeout) each")
            case .removalFailed(let reason): return .refused("the guest refused to release the device: \(reason)")
            }
        } catch .domainNotFound {
            return .released
        } catch {
            return .unconfirmed("the hypervisor could not detach the device: \(error)")
        }
    }

    /// Nil when the port no longer names this server; the reason otherwise. A port bound
    /// to another server is never touched. A port the service created for the server's
    /// boot is deleted instead (Nova's `preserve_on_delete` false): gone, it names nothing.
    private func unbind(_ plan: ReleasePlan) async -> String? {
        if Failpoints.failsHere("\(failpoints).unbind") { return "failpoint \(failpoints).unbind" }
        let network = manager.network
        do {
            let port = try await network.port(id: plan.portID)
            guard port.deviceID.lowercased() == plan.serverID.uuidString.lowercased() else { return nil }
            if plan.interface.portCreatedByCompute == true {
                try await network.deletePort(plan.portID)
            } else {
                _ = try await network.unbindPort(plan.portID, removingProfileKeys: plan.interface.profileKeys)
            }
            return nil
        } catch .portNotFound {
            // The network says the port does not exist (the embedded network's own rows; for
            // Neutron only its PortNotFound, see `NeutronErrorMapping`): a port's binding is
            // deleted with it and its id never names another port, so nothing in the network
            // can hold the device through it. That is a confirmed unbind, which is what lets
            // `network-vif-deleted` free the device once the guest has let go.
            return nil
        } catch {
            return error.description
        }
    }
}
