import Foundation

/// A transition the rules refuse. Texts follow Nova's PciDevice exceptions, with the host
/// name where Nova prints its compute node id.
public enum PCIDeviceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// PciDeviceInvalidStatus.
    case invalidStatus(host: String, address: PCIAddress, status: PCIDeviceStatus, expected: [PCIDeviceStatus])
    /// PciDeviceVFInvalidStatus: a PF whose VFs are not all free.
    case vfInvalidStatus(host: String, pfAddress: PCIAddress)
    /// PciDevicePFInvalidStatus: a VF whose PF is in use itself.
    case pfInvalidStatus(host: String, pfAddress: PCIAddress, vfAddress: PCIAddress, status: PCIDeviceStatus, expected: [PCIDeviceStatus])
    /// PciDeviceInvalidOwner.
    case invalidOwner(host: String, address: PCIAddress, owner: UUID?, expected: UUID)
    /// The address is not tracked on this host.
    case notFound(host: String, address: PCIAddress)

    public var description: String {
        switch self {
        case .invalidStatus(let host, let address, let status, let expected):
            "PCI device \(host):\(address) is \(status.rawValue) instead of \(Self.list(expected))"
        case .vfInvalidStatus(let host, let pfAddress):
            "Not all Virtual Functions of PF \(host):\(pfAddress) are free."
        case .pfInvalidStatus(let host, let pfAddress, let vfAddress, let status, let expected):
            "Physical Function \(host):\(pfAddress), related to VF \(host):\(vfAddress) is \(status.rawValue) instead of \(Self.list(expected))"
        case .invalidOwner(let host, let address, let owner, let expected):
            "PCI device \(host):\(address) is owned by \(owner?.uuidString.lowercased() ?? "None") instead of \(expected.uuidString.lowercased())"
        case .notFound(let host, let address):
            "PCI device \(host):\(address) is not tracked"
        }
    }

    private static func list(_ statuses: [PCIDeviceStatus]) -> String {
        statuses.map(\.rawValue).joined(separator: " or ")
    }
}
