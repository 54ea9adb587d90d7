import PCI

/// What one device directory says about itself, before the VF↔PF links between
/// directories are resolved.
struct RawPCIDevice: Sendable {
    var address: PCIAddress
    var vendorID: String
    var productID: String
    var classCode: UInt32?
    var numaNode: Int?
    var totalVFs: Int?
    var enabledVFs: Int?
    var vfProductID: String?
    /// The `virtfnN` links: VF number → VF address.
    var virtualFunctions: [(number: Int, address: PCIAddress)] = []
    /// The target of the `physfn` link.
    var physicalFunction: PCIAddress?
    var vdpaName: String?
    /// The number the `iommu_group` link points at.
    var iommuGroup: Int?
    var netdevName: String?
    var macAddress: String?
    var serialNumber: String?

    /// Nova's PF test: SR-IOV capable (`sriov_totalvfs` > 0) or already carrying VFs.
    var isPhysicalFunction: Bool { (totalVFs ?? 0) > 0 || !virtualFunctions.isEmpty }
}
