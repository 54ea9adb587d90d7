import Foundation

/// A Neutron network with the provider attributes the PCI request needs
/// (`provider:physical_network`, `provider:network_type`, §5.1).
public struct Network: Sendable, Hashable {
    public var id: String
    public var name: String
    public var projectID: String
    /// Always `ACTIVE` here: the embedded backend has no agents that could report otherwise.
    public var status: String
    public var adminStateUp: Bool
    public var shared: Bool
    public var mtu: Int
    /// `provider:network_type` (flat, vlan, vxlan, gre, geneve, local).
    public var networkType: String?
    /// `provider:physical_network`; `nil` for tunnel and local networks.
    public var physicalNetwork: String?
    /// `provider:segmentation_id`: the VLAN id or the tunnel id.
    public var segmentationID: Int?
    public var subnetIDs: [String]
    /// `router:external`.
    public var external: Bool
    public var description: String
    public var createdAt: Date
    public var updatedAt: Date
    /// Bumped on every change, as Neutron's `standard-attr-revisions` does.
    public var revisionNumber: Int

    public init(
        id: String, name: String, projectID: String, status: String = "ACTIVE", adminStateUp: Bool = true,
        shared: Bool = false, mtu: Int = 1500, networkType: String? = nil, physicalNetwork: String? = nil,
        segmentationID: Int? = nil, subnetIDs: [String] = [], external: Bool = false, description: String = "",
        createdAt: Date = Date(timeIntervalSince1970: 0), updatedAt: Date = Date(timeIntervalSince1970: 0),
        revisionNumber: Int = 0
    ) {
        self.id = id
        self.name = name
        self.projectID = projectID
        self.status = status
        self.adminStateUp = adminStateUp
        self.shared = shared
        self.mtu = mtu
        self.networkType = networkType
        self.physicalNetwork = physicalNetwork
        self.segmentationID = segmentationID
        self.subnetIDs = subnetIDs
        self.external = external
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.revisionNumber = revisionNumber
    }

    /// Nova's `tunneled`: vxlan, gre and geneve carry no physnet (§5.1).
    public var isTunnelled: Bool {
        networkType.flatMap(NetworkType.init(rawValue:))?.isTunnel ?? false
    }
}
