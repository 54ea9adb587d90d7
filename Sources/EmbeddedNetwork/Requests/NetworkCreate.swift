import NetworkModel

/// `POST /v2.0/networks`, parsed. Provider attributes are admin-only; without them the
/// network is a tenant network of type `vxlan` with the next free VNI, as ML2 with
/// `tenant_network_types = vxlan` would create.
public struct NetworkCreate: Sendable, Hashable {
    public var name: String
    /// The owner; `nil` means the caller's project. Another project needs admin.
    public var projectID: String?
    public var adminStateUp: Bool
    public var shared: Bool
    public var external: Bool
    public var mtu: Int?
    public var description: String
    public var networkType: String?
    public var physicalNetwork: String?
    public var segmentationID: Int?

    public init(
        name: String = "", projectID: String? = nil, adminStateUp: Bool = true, shared: Bool = false,
        external: Bool = false, mtu: Int? = nil, description: String = "", networkType: String? = nil,
        physicalNetwork: String? = nil, segmentationID: Int? = nil
    ) {
        self.name = name
        self.projectID = projectID
        self.adminStateUp = adminStateUp
        self.shared = shared
        self.external = external
        self.mtu = mtu
        self.description = description
        self.networkType = networkType
        self.physicalNetwork = physicalNetwork
        self.segmentationID = segmentationID
    }

    var setsProviderAttributes: Bool { networkType != nil || physicalNetwork != nil || segmentationID != nil }
}
