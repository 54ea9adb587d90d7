import PCI

/// What makes two device configs "the same device" for detach (nova-behavior §6.3):
/// PCI hostdevs by numeric host address only (a PF has no MAC); interfaces by type, MAC and
/// source, so that two interfaces sharing a MAC are told apart by their source. VLAN, model
/// and alias never take part.
enum DeviceIdentity: Hashable {
    case pciHostdev(PCIAddress)
    case interface(type: String, mac: String, source: Source)

    enum Source: Hashable {
        case pci(PCIAddress)
        case device(String)
    }

    init(_ device: GuestDevice) {
        switch device {
        case .hostdevInterface(let mac, let address, _):
            self = .interface(type: "hostdev", mac: mac.lowercased(), source: .pci(address))
        case .macvtap(let mac, let sourceDevice, _):
            self = .interface(type: "direct", mac: mac.lowercased(), source: .device(sourceDevice))
        case .hostdevPCI(let address):
            self = .pciHostdev(address)
        case .vdpa(let mac, let devicePath):
            self = .interface(type: "vdpa", mac: mac.lowercased(), source: .device(devicePath))
        }
    }
}

extension GuestDevice {
    /// Whether the two are the same device as detach finds it (VLAN, model and alias aside).
    public func isSameDevice(as other: GuestDevice) -> Bool {
        DeviceIdentity(self) == DeviceIdentity(other)
    }
}
