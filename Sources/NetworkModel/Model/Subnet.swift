import Foundation

/// An IPv4 subnet of a network: where ports get their fixed IPs from.
public struct Subnet: Sendable, Hashable {
    public var id: String
    public var name: String
    public var networkID: String
    public var projectID: String
    public var ipVersion: Int
    /// Normalised (`10.0.0.0/24`, host bits cleared).
    public var cidr: String
    public var gatewayIP: String?
    public var allocationPools: [AllocationPool]
    public var enableDHCP: Bool
    public var dnsNameservers: [String]
    public var description: String
    public var createdAt: Date
    public var updatedAt: Date
    public var revisionNumber: Int

    public init(
        id: String, name: String, networkID: String, projectID: String, ipVersion: Int = 4, cidr: String,
        gatewayIP: String?, allocationPools: [AllocationPool], enableDHCP: Bool = true, dnsNameservers: [String] = [],
        description: String = "", createdAt: Date = Date(timeIntervalSince1970: 0),
        updatedAt: Date = Date(timeIntervalSince1970: 0), revisionNumber: Int = 0
    ) {
        self.id = id
        self.name = name
        self.networkID = networkID
        self.projectID = projectID
        self.ipVersion = ipVersion
        self.cidr = cidr
        self.gatewayIP = gatewayIP
        self.allocationPools = allocationPools
        self.enableDHCP = enableDHCP
        self.dnsNameservers = dnsNameservers
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.revisionNumber = revisionNumber
    }
}
