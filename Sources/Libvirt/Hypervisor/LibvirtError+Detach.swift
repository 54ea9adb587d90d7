import CLibvirt
import Foundation
import Virt

extension LibvirtError {
    /// A detach request's synchronous error, classified as Nova classifies it
    /// (nova-behavior §6.4): the device already gone, an earlier unplug still pending in
    /// QEMU, the domain gone, or a refusal that stops the detach.
    func detachRequestError(domain uuid: UUID) -> DetachRequestError {
        if isConnectionLoss { return .refused(hypervisorError(domain: uuid)) }
        if self.is(VIR_ERR_DEVICE_MISSING) || (self.is(VIR_ERR_OPERATION_FAILED) && message.contains("not found")) {
            return .deviceMissing(message)
        }
        if self.is(VIR_ERR_INTERNAL_ERROR) && message.contains("already in the process of unplug") {
            return .unplugInProgress(message)
        }
        if self.is(VIR_ERR_NO_DOMAIN) { return .domainGone }
        return .refused(hypervisorError(domain: uuid))
    }

    /// A live detach request's error. A lost connection leaves unknown whether the request
    /// reached QEMU, so the detach goes on as if an unplug were pending: it waits for the
    /// event (which the re-check after the reconnection delivers when the device is gone)
    /// and the live XML decides, as after any wait. A request that never left only costs
    /// that attempt's wait.
    func liveDetachRequestError(domain uuid: UUID) -> DetachRequestError {
        guard isConnectionLoss else { return detachRequestError(domain: uuid) }
        return .unplugInProgress(
            "the connection to libvirt was lost while asking the guest of domain \(uuid.uuidString.lowercased()) to release the device (\(message)); whether the request arrived is decided by the device's removal")
    }
}
