import GRDB
import NetworkModel

/// Fixed IPs and MACs for a port, decided inside the port's write transaction.
enum AddressAssigner {
    /// The port's addresses for `requests`: `nil` asks for one address from the first
    /// subnet that has a free one; `[]` for none. `previous` are the addresses the port
    /// held before this update (already released): a subnet-only request reuses the one it
    /// held there, so `fixed_ips` updates do not renumber kept subnets.
    static func fixedIPs(
        _ requests: [FixedIPRequest]?, network: Network, previous: [FixedIP] = [], in db: Database
    ) throws -> [FixedIP] {
        let subnets = try NetworkQueries.subnetsOfNetwork(network.id, in: db)
        guard let requests else {
            guard !subnets.isEmpty else { return [] }
            for subnet in subnets {
                if let address = try firstFree(in: subnet, excluding: [], in: db) {
                    return [FixedIP(subnetID: subnet.id, ipAddress: address.description)]
                }
            }
            throw NetworkFault.ipGenerationFailure(network: network.id)
        }

        var chosen: [FixedIP] = []
        for request in requests {
            let subnet = try subnetFor(request, subnets: subnets, network: network, in: db)
            let taken = Set(chosen.filter { $0.subnetID == subnet.id }.compactMap { IPv4Address($0.ipAddress) })
            if let text = request.ipAddress {
                let address = try specific(text, in: subnet, taken: taken, db: db)
                chosen.append(FixedIP(subnetID: subnet.id, ipAddress: address.description))
            } else if let held = previous.first(where: { $0.subnetID == subnet.id && !chosen.contains($0) }) {
                chosen.append(held)
            } else {
                guard let address = try firstFree(in: subnet, excluding: taken, in: db) else {
                    throw NetworkFault.ipGenerationFailure(network: network.id)
                }
                chosen.append(FixedIP(subnetID: subnet.id, ipAddress: address.description))
            }
        }
        return chosen
    }

    static func store(_ fixedIPs: [FixedIP], portID: String, in db: Database) throws {
        for (position, ip) in fixedIPs.enumerated() {
            try IPAllocationRow(subnetID: ip.subnetID, ipAddress: ip.ipAddress, portID: portID, position: position)
                .insert(db)
        }
    }

    /// The subnet a request names, or the one holding its address.
    private static func subnetFor(
        _ request: FixedIPRequest, subnets: [Subnet], network: Network, in db: Database
    ) throws -> Subnet {
        if let subnetID = request.subnetID {
            if let subnet = subnets.first(where: { $0.id == subnetID }) { return subnet }
            guard try SubnetRow.fetchOne(db, key: subnetID) != nil else { throw NetworkFault.subnetNotFound(subnetID) }
            throw NetworkFault.invalidInput(
                "Failed to create port on network \(network.id), because fixed_ips included invalid subnet \(subnetID)")
        }
        guard let text = request.ipAddress else {
            throw NetworkFault.invalidAttribute("fixed_ips", reason: "each entry needs a subnet_id or an ip_address")
        }
        guard let address = IPv4Address(text) else {
            throw NetworkFault.invalidAttribute("fixed_ips", reason: "'\(text)' is not a valid IP address")
        }
        guard let subnet = subnets.first(where: { IPv4Network($0.cidr)?.contains(address) ?? false }) else {
            throw NetworkFault.invalidIPForNetwork(text)
        }
        return subnet
    }

    /// A requested address: inside the subnet's host range (pools do not bind explicit
    /// requests, as in Neutron), not the gateway, not held by any port.
    private static func specific(_ text: String, in subnet: Subnet, taken: Set<IPv4Address>, db: Database) throws
        -> IPv4Address
    {
        guard let address = IPv4Address(text) else {
            throw NetworkFault.invalidAttribute("fixed_ips", reason: "'\(text)' is not a valid IP address")
        }
        guard let cidr = IPv4Network(subnet.cidr), let hosts = cidr.hosts, hosts.contains(address) else {
            throw NetworkFault.invalidIPForSubnet(text)
        }
        let inUse =
            try IPAllocationRow.filter(Column("subnet_id") == subnet.id && Column("ip_address") == address.description)
                .fetchCount(db) > 0
        if inUse || taken.contains(address) || subnet.gatewayIP == address.description {
            throw NetworkFault.ipAlreadyAllocated(address.description, subnet: subnet.id)
        }
        return address
    }

    private static func firstFree(in subnet: Subnet, excluding extra: Set<IPv4Address>, in db: Database) throws
        -> IPv4Address?
    {
        let used = try String.fetchAll(
            db, sql: "SELECT ip_address FROM net_ip_allocations WHERE subnet_id = ?", arguments: [subnet.id])
        let pools = subnet.allocationPools.compactMap { pool -> ClosedRange<IPv4Address>? in
            guard let start = IPv4Address(pool.start), let end = IPv4Address(pool.end), start <= end else { return nil }
            return start...end
        }
        var excluded = Set(used.compactMap(IPv4Address.init)).union(extra)
        if let gateway = subnet.gatewayIP.flatMap(IPv4Address.init) { excluded.insert(gateway) }
        return IPAllocator(pools: pools).firstFree(excluding: excluded)
    }

    // MARK: MAC addresses

    /// A requested MAC must be free on the network (Neutron's unique constraint); a
    /// generated one is kept unique across every network, retrying as Neutron does.
    static func macAddress(
        _ requested: String?, networkID: String, portID: String, generator: MACAddressGenerator, in db: Database
    ) throws -> String {
        if let requested {
            let mac = try PortAttributes.macAddress(requested)
            let clash = try PortRow.filter(
                Column("network_id") == networkID && Column("mac_address") == mac && Column("id") != portID
            ).fetchCount(db)
            if clash > 0 { throw NetworkFault.macAddressInUse(mac, network: networkID) }
            return mac
        }
        for _ in 0..<MACAddressGenerator.attempts {
            let mac = generator.next()
            if try PortRow.filter(Column("mac_address") == mac).fetchCount(db) == 0 { return mac }
        }
        throw NetworkFault.macGenerationFailure(network: networkID)
    }
}
