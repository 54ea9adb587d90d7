/// Why a `[pci] device_spec` entry was refused. Each description is Nova's text, so that
/// operators moving from Nova recognise it, and each names the offending field.
public enum DeviceSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// PciConfigInvalidSpec: "Invalid [pci]device_spec config: <reason>".
    case invalidSpec(reason: String)
    /// PciDeviceWrongAddressFormat.
    case wrongAddressFormat(address: String)
    /// PciDeviceInvalidDeviceName: both `devname` and `address`.
    case devnameAndAddress
    /// PciDeviceRemoteManagedNotPresent: a remote_managed devname that is not on the host.
    case remoteManagedNotPresent
    /// PciDeviceInvalidPFRemoteManaged.
    case remoteManagedPF(address: String)

    public var description: String {
        switch self {
        case .invalidSpec(let reason):
            "Invalid [pci]device_spec config: \(reason)"
        case .wrongAddressFormat(let address):
            "The PCI address \(address) has an incorrect format."
        case .devnameAndAddress:
            "Invalid PCI Whitelist: The PCI whitelist can specify devname or address, but not both"
        case .remoteManagedNotPresent:
            "Invalid PCI Whitelist: A device specified as \"remote_managed\" is not actually present on the host"
        case .remoteManagedPF(let address):
            "Invalid PCI Whitelist: PFs must not have the \"remote_managed\"tag, device address: \(address)"
        }
    }

    static func notHex(_ property: String, _ value: String) -> DeviceSpecError {
        .invalidSpec(reason: "property \(property) ('\(value)') does not parse as a hex number.")
    }

    static func tooLarge(_ property: String, _ value: String, max: UInt32) -> DeviceSpecError {
        .invalidSpec(reason: "property \(property) (\(value)) is greater than the maximum allowable value (\(String(max, radix: 16, uppercase: true))).")
    }
}
