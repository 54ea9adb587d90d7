import NetworkModel

/// Query filters for listing networks: each present list matches any of its values.
public struct NetworkFilter: Sendable, Hashable {
    public var ids: [String]?
    public var names: [String]?
    public var projectIDs: [String]?
    public var shared: Bool?
    public var external: Bool?
    public var networkTypes: [String]?
    public var physicalNetworks: [String]?
    public var segmentationIDs: [Int]?

    public init(
        ids: [String]? = nil, names: [String]? = nil, projectIDs: [String]? = nil, shared: Bool? = nil,
        external: Bool? = nil, networkTypes: [String]? = nil, physicalNetworks: [String]? = nil,
        segmentationIDs: [Int]? = nil
    ) {
        self.ids = ids
        self.names = names
        self.projectIDs = projectIDs
        self.shared = shared
        self.external = external
        self.networkTypes = networkTypes
        self.physicalNetworks = physicalNetworks
        self.segmentationIDs = segmentationIDs
    }

    func matches(_ network: Network) -> Bool {
        ids.accepts(network.id) && names.accepts(network.name) && projectIDs.accepts(network.projectID)
            && shared.accepts(network.shared) && external.accepts(network.external)
            && networkTypes.accepts(network.networkType) && physicalNetworks.accepts(network.physicalNetwork)
            && segmentationIDs.accepts(network.segmentationID)
    }
}
