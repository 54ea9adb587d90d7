import PCI

/// What makes two device configs "the same device" for detach (nova-behavior §6.3):
/// PCI hostdevs by numeric host address only (a PF has no MAC); interfaces by type, MAC and
/// source, so that two interfaces sharing a MAC are told apart by their source; a bridge
/// interface (a normal port) by its MAC. VLAN, model and alias never take part.
enum DeviceIdentity: Hashable {
    case pciHostdev(PCIAddress)
    case interface(type: String, mac: String, source: Source)
    /// Nova also compares the bridge; here the MAC alone decides, because an attach's undo
    /// or its retry after a restart knows only the port's MAC: the bridge comes with the
    /// binding, after the journal row was written. A guest never has two NICs with one MAC
    /// on purpose (Neutron gives each port of a network its own).
    case bridgeInterface(mac: String)

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
        case .bridge(let mac, _, _, _):
            self = .bridgeInterface(mac: mac.lowercased())
        }
    }
}

extension GuestDevice {
    /// Whether the two are the same device as detach finds it (VLAN, model and alias aside).
    public func isSameDevice(as other: GuestDevice) -> Bool {
        DeviceIdentity(self) == DeviceIdentity(other)
    }
}
