import ComputeModel
import Foundation
import JSONModel
import Logging
import NetworkModel
import PCI
import Store
import Virt

/// Executes an `AttachMachine` against the ledger, the network and the hypervisor. Runs
/// under the server's and the port's locks.
struct AttachRunner: Sendable {
    static let eventName = "compute_attach_interface"

    let manager: ComputeManager
    let server: Server
    let port: NetworkPort
    let vnicType: VNICType
    /// Nil for a `normal` port: it claims no device, and each step does what it does for
    /// the binding and the guest device alone.
    let request: PCIRequest?
    let tag: String?
    let context: RequestContext
    var journal: JournalEntry
    var device: PCIDevice?
    var guestDevice: GuestDevice?
    var boundPort: NetworkPort?
    /// False when the attach is part of a boot, whose own event reports it.
    var recordsEvent = true
    /// When the attach began, while its action and event are not written yet: they go in
    /// the claim's transaction, or, when the attach fails before that, with its failure.
    /// Nil once written (and for a boot's attach, whose action the boot wrote).
    var unrecordedActionStart: Date?
    /// The boot created the port (`{"uuid": network}`): its interface deletes it when released.
    var portCreatedByCompute = false
    /// The request, server and port on every line; the device once claimed.
    var log: Logger

    init(manager: ComputeManager, server: Server, port: NetworkPort, vnicType: VNICType, request: PCIRequest?, tag: String?, context: RequestContext) {
        self.manager = manager
        self.server = server
        self.port = port
        self.vnicType = vnicType
        self.request = request
        self.tag = tag
        self.context = context
        journal = JournalEntry(kind: .attach, serverID: server.id, portID: port.id, step: "claiming",
                               details: request.map { ["request_id": $0.requestID.uuidString] } ?? [:], requestID: context.requestID)
        log = manager.logger.operation(request: context.requestID, server: server.id, port: port.id)
    }

    /// `recordEvent` is false when the attach is part of a boot, whose own event reports it.
    mutating func run(recordEvent: Bool = true) async throws(ComputeError) -> InterfaceAttachment {
        recordsEvent = recordEvent
        let started = ContinuousClock.now
        let metrics = manager.configuration.metrics
        var machine = AttachMachine()
        var action = machine.start()
        while true {
            switch action {
            case .claim:
                let claimed = await claim()
                if case .success(let plan) = claimed, let slot = plan.slot { log[metadataKey: "pci_slot"] = .string(slot.description) }
                action = switch claimed {
                case .success(let plan): machine.claimed(plan)
                case .failure(let error): machine.claimRefused(error)
                }
                Failpoints.reach("attach.after_claim")
            case .bind(let plan):
                action = switch await bind(plan) {
                case .success(let vifType): machine.bound(vifType: vifType)
                case .failure(let error): machine.bindFailed(error)
                }
                Failpoints.reach("attach.after_bind")
            case .plug(let plan):
                action = switch await plug(plan) {
                case .plugged(let interface): machine.plugged(interface)
                case .failed(let error, let asked): machine.plugFailed(error, asked: asked)
                case .refused(let error): machine.plugRefused(error)
                }
                Failpoints.reach("attach.after_plug")
            case .commit(let plan):
                action = await commit(plan).map { machine.commitFailed($0) } ?? machine.committed()
                Failpoints.reach("attach.after_commit")
            case .undo(let plan, _):
                let release = ReleaseRunner(manager: manager, journal: journal, purpose: .undo, failpoints: "attach.undo",
                                            freedState: .rolledBack)
                metrics.rolledBack(recordEvent ? .attach : .boot)
                log.warning("attach failed after its claim: undoing the steps it completed")
                action = machine.undone(await release.run(plan))
            case .finishSucceeded:
                // The commit ended the event already. A boot's attaches are part of the boot.
                if recordEvent { metrics.finished(.attach, vnicType: vnicType, result: .success, duration: .now - started) }
                log.info("attached \(vnicType.rawValue) port")
                return ComputeManager.attachment(for: boundPort ?? port, tag: tag)
            case .finishFailed(let error, let undo):
                // The event's details are the admin's traceback (as in Nova): the cause
                // (libvirt's refusal, say) belongs there, never in the client's answer.
                var details = error.cause.map { error.message + "\n" + $0 } ?? error.message
                if let reason = undo?.failureReason { details += " (undo incomplete: " + reason + ")" }
                log.warning("attach failed: \(details)")
                if recordEvent {
                    if let startTime = unrecordedActionStart {
                        await manager.recordRefusedAttach(server: server.id, context: context, startTime: startTime, error: details)
                    } else {
                        await manager.finishEvent(Self.eventName, action: "attach_interface", server: server.id, requestID: context.requestID, error: details)
                    }
                    metrics.finished(.attach, vnicType: vnicType, result: .failure, duration: .now - started)
                }
                throw error
            }
        }
    }
}
