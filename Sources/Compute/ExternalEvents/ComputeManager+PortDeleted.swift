import ComputeModel
import Foundation
import PCI
import Store

extension ComputeManager {
    /// What `network-vif-deleted` led to.
    public enum PortDeletedHandling: Sendable, Hashable, CustomStringConvertible {
        /// The device went through the detach's release: freed, or quarantined when the
        /// guest's release could not be confirmed.
        case released(ReleaseMachine.Outcome)
        /// The server has no interface for the port: nothing of ours holds it.
        case notAttached
        /// A detach of the port is already under way; it finds the port gone.
        case alreadyReleasing
        /// The detach could not start (the interface changed meanwhile, the ledger or the
        /// database refused).
        case failed(String)

        public var description: String {
            switch self {
            case .released(let outcome): "released: \(outcome)"
            case .notAttached: "the port is not attached to the server"
            case .alreadyReleasing: "a release of the port is already under way"
            case .failed(let reason): "failed: \(reason)"
            }
        }
    }

    /// The network deleted a port attached to `serverID`: its device is taken out of the
    /// guest and freed through the detach (`DetachRunner`, with the undo's purpose), the
    /// instance action `detach_interface` and its event recording it under the event's
    /// request. Nova's handler detaches the guest device but keeps the PCI claim; here the
    /// device comes back to the pool once the guest's release is confirmed, and stays
    /// quarantined for the retries when it cannot be (a stuck detach stays stuck after the
    /// port is gone). No lock or state check stops it, as in Nova: the port is gone
    /// whatever state the server is in, and the detach takes the server's lock itself.
    public func portDeleted(_ portID: String, serverID: UUID, context: RequestContext) async -> PortDeletedHandling {
        let found: VirtualInterface?
        do {
            found = try await read { db in try VIFRecords.fetch(portID: portID, in: db) }
        } catch {
            return .failed(error.message)
        }
        guard let vif = found, vif.serverID == serverID else { return .notAttached }
        if let slot = vif.pciSlot, await tracker.device(at: slot)?.status == .detaching {
            return .alreadyReleasing
        }
        // A normal port has no device to mark detaching: its release in flight is its open
        // journal row (a detach, or a delete that removes a port it created).
        if vif.pciSlot == nil {
            let host = hostName
            do {
                if try await read({ db in try JournalRecords.open(host: host, in: db).contains { $0.portID == portID && $0.kind != .attach } }) {
                    return .alreadyReleasing
                }
            } catch {
                return .failed(error.message)
            }
        }
        do {
            try await recordAction("detach_interface", server: serverID, context: context, event: DetachRunner.eventName)
        } catch {
            return .failed(error.message)
        }
        var runner = DetachRunner(manager: self, serverID: serverID, portID: portID, requestID: context.requestID, vif: vif)
        runner.portDeleted = true
        switch await runner.run() {
        case .success(let outcome): return .released(outcome)
        case .failure(let error): return .failed(error.message)
        }
    }
}
