import NetworkModel
import PCI

/// Attribute checks shared by port create, update and bind, with Neutron's messages.
enum PortAttributes {
    /// neutron-lib's `binding:vnic_type` validator lists the accepted values.
    static func vnicType(_ text: String) throws(NetworkFault) -> VNICType {
        guard let type = VNICType(rawValue: text) else {
            let accepted = VNICType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw .invalidAttribute("binding:vnic_type", reason: "'\(text)' is not in [\(accepted)]")
        }
        return type
    }

    /// The `port-numa-affinity-policy` extension's values (`None` means unset).
    static func numaAffinityPolicy(_ text: String?) throws(NetworkFault) -> String? {
        guard let text else { return nil }
        guard NUMAAffinityPolicy(rawValue: text) != nil else {
            let accepted = ["None"] + NUMAAffinityPolicy.allCases.map(\.rawValue)
            throw .invalidAttribute(
                "numa_affinity_policy", reason: "'\(text)' is not in [\(accepted.map { "'\($0)'" }.joined(separator: ", "))]")
        }
        return text
    }

    static func macAddress(_ text: String) throws(NetworkFault) -> String {
        guard let mac = MACAddress.normalize(text) else {
            throw .invalidAttribute("mac_address", reason: "'\(text)' is not a valid MAC address")
        }
        return mac
    }

    static let statuses = PortStatus.all
}
