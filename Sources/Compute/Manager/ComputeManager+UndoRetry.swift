import ComputeModel
import Foundation
import Store

extension ComputeManager {
    /// How often and for how long an attach whose undo failed is retried: a growing pause
    /// from 1 s, doubling up to 5 minutes, 16 attempts (a little over an hour in all).
    static let undoRetryAttempts = 16
    static let undoRetryMaximumPause: Duration = .seconds(300)

    /// An attach whose undo failed left its device quarantined with the interface recorded
    /// (`AttachRunner.quarantineClaim`). In the background, detach that interface again and
    /// again, with a growing pause, until the network (or the guest) lets the detach finish
    /// and free the device. Each try is an instance action of its own, so `server event
    /// list` shows the service finishing the undo. Stops once the device is no longer this
    /// interface's quarantined device (freed, or the server deleted or detached meanwhile).
    func retryUndoOfAttach(portID: String, serverID: UUID) async {
        var pause: Duration = .seconds(1)
        for _ in 0..<Self.undoRetryAttempts {
            try? await Task.sleep(for: pause)
            guard let vif = try? await read({ db in try VIFRecords.fetch(portID: portID, in: db) }), vif.serverID == serverID,
                  let slot = vif.pciSlot, await tracker.device(at: slot)?.status == .quarantined
            else { return }
            let context = RequestContext(userID: "sriov-compute", projectID: "", isAdmin: true,
                                         requestID: "req-" + UUID().uuidString.lowercased())
            do {
                try await recordAction("detach_interface", server: serverID, context: context, event: DetachRunner.eventName)
            } catch {
                logger.error("could not record the retried undo of \(portID) on \(serverID): \(error)")
            }
            await DetachRunner(manager: self, serverID: serverID, portID: portID, requestID: context.requestID, vif: vif).run()
            guard await tracker.device(at: slot)?.status == .quarantined else { return }
            pause = min(pause * 2, Self.undoRetryMaximumPause)
        }
        logger.error("gave up finishing the undo of the attach of \(portID) to \(serverID): its device stays quarantined")
    }
}
