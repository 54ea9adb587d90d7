import NetworkModel

/// `PUT /v2.0/subnets/{id}`: the attributes that do not move addresses. Changing the
/// cidr, gateway or pools under allocated ports is refused by the HTTP layer.
public struct SubnetUpdate: Sendable, Hashable {
    public var name: String?
    public var enableDHCP: Bool?
    public var dnsNameservers: [String]?
    public var description: String?

    public init(name: String? = nil, enableDHCP: Bool? = nil, dnsNameservers: [String]? = nil, description: String? = nil) {
        self.name = name
        self.enableDHCP = enableDHCP
        self.dnsNameservers = dnsNameservers
        self.description = description
    }
}
