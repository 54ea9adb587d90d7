import NetworkModel

/// Query filters for listing subnets.
public struct SubnetFilter: Sendable, Hashable {
    public var ids: [String]?
    public var names: [String]?
    public var networkIDs: [String]?
    public var projectIDs: [String]?
    public var cidrs: [String]?

    public init(
        ids: [String]? = nil, names: [String]? = nil, networkIDs: [String]? = nil, projectIDs: [String]? = nil,
        cidrs: [String]? = nil
    ) {
        self.ids = ids
        self.names = names
        self.networkIDs = networkIDs
        self.projectIDs = projectIDs
        self.cidrs = cidrs
    }

    func matches(_ subnet: Subnet) -> Bool {
        ids.accepts(subnet.id) && names.accepts(subnet.name) && networkIDs.accepts(subnet.networkID)
            && projectIDs.accepts(subnet.projectID) && cidrs.accepts(subnet.cidr)
    }
}
