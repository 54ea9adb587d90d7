import PCI

/// A guest NIC or PCI device, one case per vnic type family (DESIGN §6, nova-behavior §6.2).
public enum GuestDevice: Sendable, Hashable, Codable {
    /// direct / remote-managed VF: `<interface type='hostdev' managed='yes'>`.
    case hostdevInterface(mac: String, address: PCIAddress, vlan: Int?)
    /// macvtap on a VF netdev: `<interface type='direct'>` passthrough, virtio, vhost.
    case macvtap(mac: String, sourceDevice: String, vlan: Int?)
    /// direct-physical PF: `<hostdev mode='subsystem' type='pci' managed='yes'>`, no MAC, no VLAN.
    case hostdevPCI(address: PCIAddress)
    /// `<interface type='vdpa'><source dev='/dev/vhost-vdpa-N'/>`.
    case vdpa(mac: String, devicePath: String)
    /// A `normal` (virtio) port: `<interface type='bridge'>` on the host bridge `bridge`
    /// through the tap `tap` (Nova's name, `tap` + the port id, 14 characters); with an
    /// Open vSwitch bridge, `openVSwitchInterfaceID` (the port id) is its `<virtualport>`.
    case bridge(mac: String, bridge: String, tap: String, openVSwitchInterfaceID: String?)
}

extension GuestDevice {
    /// The guest MAC, lower-cased as libvirt writes it; nil for a PF hostdev, which has none.
    public var mac: String? {
        switch self {
        case .hostdevInterface(let mac, _, _), .macvtap(let mac, _, _), .vdpa(let mac, _), .bridge(let mac, _, _, _): mac.lowercased()
        case .hostdevPCI: nil
        }
    }

    /// The host PCI device handed to the guest, for the two hostdev kinds.
    public var pciAddress: PCIAddress? {
        switch self {
        case .hostdevInterface(_, let address, _), .hostdevPCI(let address): address
        case .macvtap, .vdpa, .bridge: nil
        }
    }

    /// The VLAN tag written into the XML, if any; a tag of 0 means "none", as in Nova.
    public var vlan: Int? {
        switch self {
        case .hostdevInterface(_, _, let vlan), .macvtap(_, _, let vlan): vlan.flatMap { $0 == 0 ? nil : $0 }
        case .hostdevPCI, .vdpa, .bridge: nil
        }
    }
}

extension GuestDevice: CustomStringConvertible {
    public var description: String {
        switch self {
        case .hostdevInterface(let mac, let address, _): "hostdev interface \(mac.lowercased()) on VF \(address)"
        case .macvtap(let mac, let source, _): "macvtap interface \(mac.lowercased()) on \(source)"
        case .hostdevPCI(let address): "PCI hostdev \(address)"
        case .vdpa(let mac, let path): "vDPA interface \(mac.lowercased()) on \(path)"
        case .bridge(let mac, let bridge, let tap, let ovs):
            "\(ovs == nil ? "bridge" : "Open vSwitch") interface \(mac.lowercased()) on \(bridge) through \(tap)"
        }
    }
}

extension GuestDevice {
    /// Whether QEMU can save (migrate) a guest that holds this device: not a VFIO hostdev
    /// (a VF or a PF) nor a vhost-vdpa device; a macvtap or a bridge's tap is an ordinary
    /// tap to QEMU.
    public var blocksManagedSave: Bool {
        switch self {
        case .hostdevInterface, .hostdevPCI, .vdpa: true
        case .macvtap, .bridge: false
        }
    }
}
