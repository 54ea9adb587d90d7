import PCI

/// What a guest device holds on the host while the guest runs; two running guests cannot
/// hold the same one (libvirt refuses the attach or the start).
enum HostResource: Hashable {
    case pciDevice(PCIAddress)
    case netdev(String)
    case vdpaDevice(String)
    case tapDevice(String)

    init(_ device: GuestDevice) {
        switch device {
        case .hostdevInterface(_, let address, _), .hostdevPCI(let address): self = .pciDevice(address)
        case .macvtap(_, let sourceDevice, _): self = .netdev(sourceDevice)
        case .vdpa(_, let devicePath): self = .vdpaDevice(devicePath)
        case .bridge(_, _, let tap, _): self = .tapDevice(tap)
        }
    }

    /// libvirt's refusal when `holder` already has it.
    func inUseMessage(holder: String) -> String {
        switch self {
        case .pciDevice(let address):
            "Requested operation is not valid: PCI device \(address) is in use by driver QEMU, domain \(holder)"
        case .netdev(let name):
            "error creating macvtap interface on \(name): Device or resource busy (it is in passthrough use by domain \(holder))"
        case .vdpaDevice(let path):
            "Unable to open '\(path)': Device or resource busy (it is in use by domain \(holder))"
        case .tapDevice(let name):
            "Unable to create tap device \(name): Device or resource busy (it is in use by domain \(holder))"
        }
    }
}
