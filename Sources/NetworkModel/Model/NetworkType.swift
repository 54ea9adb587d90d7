/// `provider:network_type` values the embedded backend knows, with ML2's rules for each.
public enum NetworkType: String, Sendable, Hashable, CaseIterable {
    case flat
    case vlan
    case vxlan
    case gre
    case geneve
    case local

    /// Tunnel networks have no physical network; SR-IOV VFs cannot be bound to them by
    /// sriovnicswitch (only the OVS hardware-offload path can).
    public var isTunnel: Bool {
        switch self {
        case .vxlan, .gre, .geneve: true
        case .flat, .vlan, .local: false
        }
    }

    /// The segmentation ids ML2's type drivers accept.
    public var segmentationRange: ClosedRange<Int>? {
        switch self {
        case .vlan: 1...4094
        case .vxlan, .geneve: 1...16_777_215
        case .gre: 1...4_294_967_295
        case .flat, .local: nil
        }
    }

    /// Neutron's MTU with `global_physnet_mtu = 1500`: the physical MTU minus the
    /// encapsulation overhead (IPv4 outer header).
    public var defaultMTU: Int {
        switch self {
        case .flat, .vlan, .local: 1500
        case .vxlan: 1450
        case .gre: 1458
        case .geneve: 1442
        }
    }
}
