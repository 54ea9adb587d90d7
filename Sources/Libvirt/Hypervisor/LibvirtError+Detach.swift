import CLibvirt
import Foundation
import Virt

extension LibvirtError {
    /// A detach request's synchronous error, classified as Nova classifies it
    /// (nova-behavior §6.4): the device already gone, an earlier unplug still pending in
    /// QEMU, the domain gone, or a refusal that stops the detach.
    func detachRequestError(domain uuid: UUID) -> DetachRequestError {
        if self.is(VIR_ERR_DEVICE_MISSING) || (self.is(VIR_ERR_OPERATION_FAILED) && message.contains("not found")) {
            return .deviceMissing(message)
        }
        if self.is(VIR_ERR_INTERNAL_ERROR) && message.contains("already in the process of unplug") {
            return .unplugInProgress(message)
        }
        if self.is(VIR_ERR_NO_DOMAIN) { return .domainGone }
        return .refused(hypervisorError(domain: uuid))
    }
}
