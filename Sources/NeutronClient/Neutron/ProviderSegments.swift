import JSONModel
import NetworkModel

/// Which physical network a Neutron network is on, as Nova's
/// `_get_physnet_tunneled_info` decides it (nova-behavior §5.1): a multi-provider network
/// lists `segments`, and the first segment with a `provider:physical_network` gives the
/// physnet; a single-segment network carries the `provider:*` attributes itself; a tunnel
/// network (vxlan, gre, geneve) has none.
struct ProviderSegments: Sendable, Hashable {
    struct Segment: Sendable, Hashable {
        var networkType: String?
        var physicalNetwork: String?
        var segmentationID: Int?
    }

    /// The segment the PCI request and the VLAN come from.
    let chosen: Segment

    /// `networkID` only names the network in the error.
    init(network: JSONObject, networkID: String) throws(NetworkError) {
        let own = Self.segment(network)
        guard let segments = network["segments"]?.arrayValue, !segments.isEmpty else {
            chosen = own
            return
        }
        let parsed = segments.compactMap { $0.objectValue.map(Self.segment) }
        if let withPhysnet = parsed.first(where: { !($0.physicalNetwork ?? "").isEmpty }) {
            chosen = withPhysnet
            return
        }
        // Nova raises NovaException (a 500) here; the port is unusable for an SR-IOV
        // attach whatever the service does, so the caller is told why, as a bad request.
        throw .badRequest("None of the segments of network \(networkID) provides a physical_network")
    }

    private static func segment(_ attributes: JSONObject) -> Segment {
        let physnet = attributes["provider:physical_network"]?.stringValue
        return Segment(
            networkType: attributes["provider:network_type"]?.stringValue,
            physicalNetwork: physnet?.isEmpty == true ? nil : physnet,
            segmentationID: attributes["provider:segmentation_id"]?.intValue)
    }
}
