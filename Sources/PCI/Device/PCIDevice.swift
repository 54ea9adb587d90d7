import Foundation

/// A device the host tracks: what the host reported, the tags its device_spec gave it, and
/// where it stands in the ledger (status, owner, request).
public struct PCIDevice: Sendable, Hashable, Codable {
    public var address: PCIAddress
    public var vendorID: String
    public var productID: String
    public var type: PCIDeviceType
    public var status: PCIDeviceStatus
    public var numaNode: Int?
    public var parentAddress: PCIAddress?
    /// The owning server while claimed, allocated, detaching or quarantined.
    public var instanceUUID: UUID?
    /// The PCI request this device satisfies.
    public var requestID: UUID?
    /// The device_spec tags (physical_network, trusted, remote_managed, …).
    public var tags: [String: TagValue]
    /// The device's own netdev and MAC (a PF's MAC is `device_mac_address` on binding).
    public var netdevName: String?
    public var macAddress: String?
    /// For VFs: the PF's netdev and MAC and the VF number, for the port binding profile.
    public var parentIfname: String?
    public var pfMACAddress: String?
    public var vfNumber: Int?
    public var cardSerialNumber: String?
    public var vdpaName: String?
    /// Why a device was quarantined, for operators.
    public var quarantineReason: String?
    /// When it was quarantined: how long nobody has been able to vouch for it.
    public var quarantinedAt: Date?
    /// The device left the host (or the device_spec) while in use: when it is freed it
    /// becomes `removed` instead of returning to the pools.
    public var removeWhenFreed = false

    public init(
        address: PCIAddress, vendorID: String, productID: String, type: PCIDeviceType,
        status: PCIDeviceStatus = .available, numaNode: Int? = nil, parentAddress: PCIAddress? = nil,
        tags: [String: TagValue] = [:], netdevName: String? = nil, macAddress: String? = nil,
        parentIfname: String? = nil, pfMACAddress: String? = nil, vfNumber: Int? = nil,
        cardSerialNumber: String? = nil, vdpaName: String? = nil
    ) {
        self.address = address
        self.vendorID = vendorID
        self.productID = productID
        self.type = type
        self.status = status
        self.numaNode = numaNode
        self.parentAddress = parentAddress
        self.tags = tags
        self.netdevName = netdevName
        self.macAddress = macAddress
        self.parentIfname = parentIfname
        self.pfMACAddress = pfMACAddress
        self.vfNumber = vfNumber
        self.cardSerialNumber = cardSerialNumber
        self.vdpaName = vdpaName
    }

    /// A freshly discovered device under the spec that selected it.
    public init(discovered device: DiscoveredDevice, spec: DeviceSpec) {
        self.init(discovered: device, tags: spec.tags)
    }

    /// A freshly discovered device with the given tags.
    public init(discovered device: DiscoveredDevice, tags: [String: TagValue]) {
        self.init(
            address: device.address, vendorID: device.vendorID, productID: device.productID,
            type: device.type, numaNode: device.numaNode, parentAddress: device.parentAddress,
            tags: tags, netdevName: device.netdevName, macAddress: device.macAddress,
            parentIfname: device.parentIfname, pfMACAddress: device.pfMACAddress,
            vfNumber: device.vfNumber, cardSerialNumber: device.cardSerialNumber,
            vdpaName: device.vdpaName)
    }

    /// The `physical_network` tag; `nil` both when absent and when JSON null.
    public var physicalNetwork: String? { tags["physical_network"]?.stringValue }

    /// `vendor:product`, the `pci_vendor_info` of a binding profile.
    public var vendorInfo: String { vendorID + ":" + productID }

    /// libvirt's node-device name, Nova's `dev_id`.
    public var devID: String { address.libvirtName }
}
