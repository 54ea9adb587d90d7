/// How the hypervisor answered a detach request synchronously, classified as Nova
/// classifies libvirt's errors (nova-behavior §6.4).
public enum DetachRequestError: Error, Sendable, Hashable {
    /// VIR_ERR_DEVICE_MISSING, or VIR_ERR_OPERATION_FAILED with "not found" in the message.
    case deviceMissing(String)
    /// VIR_ERR_INTERNAL_ERROR with "already in the process of unplug": an earlier request is
    /// still pending in QEMU, so the detach keeps waiting for it.
    case unplugInProgress(String)
    /// VIR_ERR_NO_DOMAIN.
    case domainGone
    /// Anything else: the hypervisor refused, and the detach stops with this error.
    case refused(HypervisorError)
}
