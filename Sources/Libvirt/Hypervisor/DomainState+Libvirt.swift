import CLibvirt
import Virt

extension DomainState {
    /// libvirt's state read as the service's: a guest whose CPUs are stopped (paused, or
    /// suspended to RAM by the guest itself) is paused; an inactive one with a managed save
    /// image is suspended; every other inactive one is shut off.
    init(libvirt state: virDomainState, hasManagedSave: Bool) {
        switch state {
        case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED:
            self = .paused
        case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED, VIR_DOMAIN_SHUTDOWN:
            self = .running
        default:
            self = hasManagedSave ? .suspended : .shutoff
        }
    }
}
