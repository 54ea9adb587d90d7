/// Nova's `PciDeviceType`, with its wire names.
public enum PCIDeviceType: String, Sendable, Hashable, Codable, CaseIterable {
    case pci = "type-PCI"
    case physicalFunction = "type-PF"
    case virtualFunction = "type-VF"
    /// No `type-` prefix: Nova's column is 8 characters wide, and the name is on the wire.
    case vdpa = "vdpa"

    /// VFs and vDPA devices hang off a PF and follow the child rules of the dependency.
    public var isChildFunction: Bool { self == .virtualFunction || self == .vdpa }
}
