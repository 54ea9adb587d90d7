import NetworkModel

/// A network's single segment (`provider:*`), validated with ML2 type drivers' rules and
/// messages. The segmentation id of a tunnel network may still be open (`nil`): the
/// service then allocates the lowest free one.
struct ProviderSegment: Sendable, Hashable {
    var type: NetworkType
    var physicalNetwork: String?
    var segmentationID: Int?

    /// Validates what a POST gave. With no provider attributes at all, ML2 builds a tenant
    /// network from `tenant_network_types`: here `vxlan`.
    static func validate(type text: String?, physicalNetwork: String?, segmentationID: Int?) throws(NetworkFault)
        -> ProviderSegment
    {
        guard let text else {
            if physicalNetwork != nil || segmentationID != nil {
                throw .invalidInput("network_type required")
            }
            return ProviderSegment(type: .vxlan, physicalNetwork: nil, segmentationID: nil)
        }
        guard let type = NetworkType(rawValue: text) else {
            throw .invalidInput("network_type value '\(text)' not supported")
        }
        if let physnet = physicalNetwork, physnet.isEmpty {
            throw .invalidInput("physical_network must not be empty")
        }
        switch type {
        case .vlan:
            guard let physnet = physicalNetwork else {
                if segmentationID != nil {
                    throw .invalidInput("segmentation_id requires physical_network for VLAN provider network")
                }
                throw .invalidInput("physical_network required for VLAN provider network")
            }
            guard let segmentationID else {
                throw .invalidInput(
                    "Physical network \(physnet) requires segmentation_id to be specified when creating a provider network")
            }
            try checkRange(segmentationID, of: type)
        case .flat:
            guard physicalNetwork != nil else { throw .invalidInput("physical_network required for flat provider network") }
            if segmentationID != nil { throw .invalidInput("segmentation_id prohibited for flat provider network") }
        case .vxlan, .gre, .geneve:
            if physicalNetwork != nil { throw .invalidInput("physical_network prohibited for \(type.rawValue) provider network") }
            if let segmentationID { try checkRange(segmentationID, of: type) }
        case .local:
            if physicalNetwork != nil { throw .invalidInput("physical_network prohibited for local provider network") }
            if segmentationID != nil { throw .invalidInput("segmentation_id prohibited for local provider network") }
        }
        return ProviderSegment(type: type, physicalNetwork: physicalNetwork, segmentationID: segmentationID)
    }

    private static func checkRange(_ id: Int, of type: NetworkType) throws(NetworkFault) {
        guard let range = type.segmentationRange, range.contains(id) else {
            let range = type.segmentationRange ?? 0...0
            throw .invalidInput("segmentation_id out of range (\(range.lowerBound) through \(range.upperBound))")
        }
    }
}
