import APICore
import EmbeddedNetwork
import NetworkModel

/// A subnet as Neutron shows it (IPv4: the IPv6 modes are null).
enum SubnetView {
    static func render(_ subnet: Subnet) -> [String: JSON] {
        [
            "id": .string(subnet.id),
            "name": .string(subnet.name),
            "network_id": .string(subnet.networkID),
            "tenant_id": .string(subnet.projectID),
            "project_id": .string(subnet.projectID),
            "ip_version": .int(subnet.ipVersion),
            "cidr": .string(subnet.cidr),
            "gateway_ip": .optional(subnet.gatewayIP),
            "allocation_pools": .array(
                subnet.allocationPools.map { ["start": .string($0.start), "end": .string($0.end)] }),
            "enable_dhcp": .bool(subnet.enableDHCP),
            "dns_nameservers": .array(subnet.dnsNameservers.map(JSON.string)),
            "host_routes": [],
            "ipv6_ra_mode": nil,
            "ipv6_address_mode": nil,
            "subnetpool_id": nil,
            "service_types": [],
            "description": .string(subnet.description),
            "tags": [],
            "created_at": .string(Timestamp.render(subnet.createdAt)),
            "updated_at": .string(Timestamp.render(subnet.updatedAt)),
            "revision_number": .int(subnet.revisionNumber),
        ]
    }
}
