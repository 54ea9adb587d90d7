import NetworkModel
import PCI

/// A port a boot attaches, checked: the port, its vnic type, its PCI request (none for a
/// normal port), the tag asked for, and whether the boot created it (`{"uuid": network}`),
/// so that releasing its interface deletes it.
struct BootPort: Sendable {
    let port: NetworkPort
    let vnicType: VNICType
    let request: PCIRequest?
    let tag: String?
    let createdByCompute: Bool
}
