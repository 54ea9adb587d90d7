import Foundation
import GRDB
import JSONModel
import NetworkModel

/// A `net_subnets` row.
struct SubnetRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "net_subnets"

    var id: String
    var networkID: String
    var name: String
    var projectID: String
    var ipVersion: Int
    var cidr: String
    var gatewayIP: String?
    var allocationPools: String
    var enableDHCP: Bool
    var dnsNameservers: String
    var description: String
    var createdAt: Date
    var updatedAt: Date
    var revisionNumber: Int

    enum CodingKeys: String, CodingKey {
        case id, name, cidr, description
        case networkID = "network_id", projectID = "project_id", ipVersion = "ip_version", gatewayIP = "gateway_ip"
        case allocationPools = "allocation_pools", enableDHCP = "enable_dhcp", dnsNameservers = "dns_nameservers"
        case createdAt = "created_at", updatedAt = "updated_at", revisionNumber = "revision_number"
    }

    init(_ subnet: Subnet) {
        id = subnet.id
        networkID = subnet.networkID
        name = subnet.name
        projectID = subnet.projectID
        ipVersion = subnet.ipVersion
        cidr = subnet.cidr
        gatewayIP = subnet.gatewayIP
        allocationPools = JSONColumn.encode(
            subnet.allocationPools.map { ["start": .string($0.start), "end": .string($0.end)] as JSON })
        enableDHCP = subnet.enableDHCP
        dnsNameservers = JSONColumn.encode(subnet.dnsNameservers.map(JSON.string))
        description = subnet.description
        createdAt = subnet.createdAt
        updatedAt = subnet.updatedAt
        revisionNumber = subnet.revisionNumber
    }

    var model: Subnet {
        Subnet(
            id: id, name: name, networkID: networkID, projectID: projectID, ipVersion: ipVersion, cidr: cidr,
            gatewayIP: gatewayIP,
            allocationPools: JSONColumn.array(allocationPools).compactMap { pool in
                guard let start = pool["start"]?.stringValue, let end = pool["end"]?.stringValue else { return nil }
                return AllocationPool(start: start, end: end)
            },
            enableDHCP: enableDHCP, dnsNameservers: JSONColumn.array(dnsNameservers).compactMap(\.stringValue),
            description: description, createdAt: createdAt, updatedAt: updatedAt, revisionNumber: revisionNumber
        )
    }
}
