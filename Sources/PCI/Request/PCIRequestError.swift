/// Why no PCI request could be built for a port.
public enum PCIRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nova's ForbiddenPortsWithAccelerator.
    case acceleratorPort(vnicType: VNICType)
    case invalidNUMAPolicy(field: String, value: String)
    case invalidCount(Int)

    public var description: String {
        switch self {
        case .acceleratorPort:
            "Feature not supported with Ports that have accelerators."
        case .invalidNUMAPolicy(let field, let value):
            "Invalid \(field) '\(value)': expected one of \(NUMAAffinityPolicy.allCases.map(\.rawValue).joined(separator: ", "))"
        case .invalidCount(let count):
            "Invalid PCI request count \(count): must be at least 1"
        }
    }
}
