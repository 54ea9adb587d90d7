import NetworkModel

/// `POST /v2.0/subnets`, parsed. IPv4 only.
public struct SubnetCreate: Sendable, Hashable {
    /// `gateway_ip`: absent means the first host address; `null` means no gateway.
    public enum Gateway: Sendable, Hashable {
        case automatic
        case none
        case address(String)
    }

    public var networkID: String
    public var name: String
    public var projectID: String?
    public var ipVersion: Int
    public var cidr: String
    public var gateway: Gateway
    /// `nil`: every host address except the gateway, as Neutron computes it.
    public var allocationPools: [AllocationPool]?
    public var enableDHCP: Bool
    public var dnsNameservers: [String]
    public var description: String

    public init(
        networkID: String, name: String = "", projectID: String? = nil, ipVersion: Int = 4,
        cidr: String, gateway: Gateway = .automatic, allocationPools: [AllocationPool]? = nil, enableDHCP: Bool = true,
        dnsNameservers: [String] = [], description: String = ""
    ) {
        self.networkID = networkID
        self.name = name
        self.projectID = projectID
        self.ipVersion = ipVersion
        self.cidr = cidr
        self.gateway = gateway
        self.allocationPools = allocationPools
        self.enableDHCP = enableDHCP
        self.dnsNameservers = dnsNameservers
        self.description = description
    }
}
