/// One PCI device as the host reports it (from sysfs, or from a hypervisor's node-device
/// list), before any device_spec is applied. Mirrors what Nova's libvirt driver reports.
public struct DiscoveredDevice: Sendable, Hashable, Codable {
    public var address: PCIAddress
    /// 4 lower-case hex digits.
    public var vendorID: String
    public var productID: String
    public var type: PCIDeviceType
    /// The PCI class code, e.g. `0x020000` for an Ethernet controller.
    public var classCode: UInt32?
    /// `nil` when the host reports no NUMA affinity (sysfs `numa_node` of -1).
    public var numaNode: Int?
    /// The PF of a VF or vDPA device.
    public var parentAddress: PCIAddress?
    /// The device's own network interface, if it has one.
    public var netdevName: String?
    /// The MAC of `netdevName`.
    public var macAddress: String?
    /// For VFs: the PF's netdev and MAC, and the N of the PF's `virtfnN` link.
    public var parentIfname: String?
    public var pfMACAddress: String?
    public var vfNumber: Int?
    /// The card serial number from the VPD (own, or inherited from the PF).
    public var cardSerialNumber: String?
    /// For PFs: `sriov_totalvfs`, `sriov_numvfs` and the VF product id (`sriov_vf_device`).
    public var totalVFs: Int?
    public var enabledVFs: Int?
    public var vfProductID: String?
    /// For vDPA devices: the vDPA device name (e.g. `vdpa0`) and its vhost char device.
    public var vdpaName: String?
    /// The IOMMU group (sysfs `iommu_group`): VFIO assigns a group whole, so a device
    /// shares its guest with the rest of its group. `nil`: no IOMMU (or none reported).
    public var iommuGroup: Int?

    public init(
        address: PCIAddress, vendorID: String, productID: String, type: PCIDeviceType,
        classCode: UInt32? = nil, numaNode: Int? = nil, parentAddress: PCIAddress? = nil,
        netdevName: String? = nil, macAddress: String? = nil, parentIfname: String? = nil,
        pfMACAddress: String? = nil, vfNumber: Int? = nil, cardSerialNumber: String? = nil,
        totalVFs: Int? = nil, enabledVFs: Int? = nil, vfProductID: String? = nil,
        vdpaName: String? = nil, iommuGroup: Int? = nil
    ) {
        self.address = address
        self.vendorID = vendorID
        self.productID = productID
        self.type = type
        self.classCode = classCode
        self.numaNode = numaNode
        self.parentAddress = parentAddress
        self.netdevName = netdevName
        self.macAddress = macAddress
        self.parentIfname = parentIfname
        self.pfMACAddress = pfMACAddress
        self.vfNumber = vfNumber
        self.cardSerialNumber = cardSerialNumber
        self.totalVFs = totalVFs
        self.enabledVFs = enabledVFs
        self.vfProductID = vfProductID
        self.vdpaName = vdpaName
        self.iommuGroup = iommuGroup
    }

    /// Nova's rule for a "single full address that sysfs says is an SR-IOV PF".
    public var isSRIOVCapable: Bool { (totalVFs ?? 0) > 0 }
}
