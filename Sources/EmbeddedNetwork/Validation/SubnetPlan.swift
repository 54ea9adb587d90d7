import NetworkModel

/// A subnet's addressing, validated: the normalised CIDR, the gateway and the pools, with
/// Neutron's rules (pools inside the CIDR's hosts, not overlapping, not holding the gateway).
struct SubnetPlan: Sendable, Hashable {
    var cidr: IPv4Network
    var gateway: IPv4Address?
    var pools: [ClosedRange<IPv4Address>]

    static func make(_ request: SubnetCreate) throws(NetworkFault) -> SubnetPlan {
        guard request.ipVersion == 4 else {
            if request.ipVersion == 6 {
                throw .invalidAttribute("ip_version", reason: "the embedded network service supports IPv4 subnets only")
            }
            throw .invalidAttribute("ip_version", reason: "\(request.ipVersion) is not in [4, 6]")
        }
        guard let cidr = IPv4Network(request.cidr) else {
            throw .invalidAttribute("cidr", reason: "'\(request.cidr)' is not a valid IP subnet")
        }
        guard let hosts = cidr.hosts else {
            throw .invalidInput("Invalid CIDR \(request.cidr) for IPv4 address: it has no room for host addresses")
        }

        let gateway: IPv4Address?
        switch request.gateway {
        case .none: gateway = nil
        case .automatic: gateway = hosts.lowerBound
        case .address(let text):
            guard let address = IPv4Address(text) else {
                throw .invalidAttribute("gateway_ip", reason: "'\(text)' is not a valid IP address")
            }
            guard hosts.contains(address) else { throw .invalidInput("Gateway is not valid on subnet") }
            gateway = address
        }

        let pools: [ClosedRange<IPv4Address>]
        if let requested = request.allocationPools {
            pools = try validatePools(requested, cidr: cidr, hosts: hosts, gateway: gateway)
        } else {
            pools = defaultPools(hosts: hosts, gateway: gateway)
        }
        return SubnetPlan(cidr: cidr, gateway: gateway, pools: pools)
    }

    /// Every host address except the gateway, split around it as Neutron does.
    static func defaultPools(hosts: ClosedRange<IPv4Address>, gateway: IPv4Address?) -> [ClosedRange<IPv4Address>] {
        guard let gateway, hosts.contains(gateway) else { return [hosts] }
        var pools: [ClosedRange<IPv4Address>] = []
        if gateway > hosts.lowerBound { pools.append(hosts.lowerBound...IPv4Address(gateway.value - 1)) }
        if gateway < hosts.upperBound { pools.append(IPv4Address(gateway.value + 1)...hosts.upperBound) }
        return pools
    }

    private static func validatePools(
        _ requested: [AllocationPool], cidr: IPv4Network, hosts: ClosedRange<IPv4Address>, gateway: IPv4Address?
    ) throws(NetworkFault) -> [ClosedRange<IPv4Address>] {
        var pools: [ClosedRange<IPv4Address>] = []
        for pool in requested {
            guard let start = IPv4Address(pool.start), let end = IPv4Address(pool.end), start <= end else {
                throw NetworkFault(
                    .badRequest, type: "InvalidAllocationPool",
                    message: "The allocation pool \(pool.start)-\(pool.end) is not valid.")
            }
            guard hosts.contains(start), hosts.contains(end) else {
                throw NetworkFault(
                    .badRequest, type: "OutOfBoundsAllocationPool",
                    message: "The allocation pool \(pool.start)-\(pool.end) spans beyond the subnet cidr \(cidr).")
            }
            if let gateway, (start...end).contains(gateway) {
                throw NetworkFault(
                    .conflict, type: "GatewayConflictWithAllocationPools",
                    message: "Gateway ip \(gateway) conflicts with allocation pool \(pool.start)-\(pool.end)")
            }
            if let other = pools.first(where: { $0.overlaps(start...end) }) {
                throw NetworkFault(
                    .conflict, type: "OverlappingAllocationPools",
                    message: "Found overlapping allocation pools: \(other.lowerBound)-\(other.upperBound) and "
                        + "\(pool.start)-\(pool.end) for subnet \(cidr).")
            }
            pools.append(start...end)
        }
        return pools
    }
}
