import GRDB
import NetworkModel

extension EmbeddedNetworkService {
    /// `POST /v2.0/subnets`: IPv4, not overlapping another subnet of the network.
    public func createSubnet(_ request: SubnetCreate, caller: NetworkCaller) async throws(NetworkFault) -> Subnet {
        let plan = try SubnetPlan.make(request)
        let projectID = try Self.owner(request.projectID, caller: caller)
        let id = Self.newID()
        let now = Self.now()
        return try await write { db in
            let network = try NetworkQueries.visibleNetwork(request.networkID, caller: caller, in: db)
            guard caller.owns(network.projectID) else { throw NetworkFault.policyNotAuthorized("create_subnet") }
            if try SubnetRow.fetchOne(db, key: id) != nil {
                throw NetworkFault(.conflict, type: "SubnetExists", message: "Subnet \(id) already exists.")
            }
            for other in try NetworkQueries.subnetsOfNetwork(network.id, in: db) {
                if let cidr = IPv4Network(other.cidr), cidr.overlaps(plan.cidr) {
                    throw NetworkFault.invalidInput(
                        "Requested subnet with cidr: \(plan.cidr) for network: \(network.id) overlaps with another subnet")
                }
            }
            let subnet = Subnet(
                id: id, name: request.name, networkID: network.id, projectID: projectID, ipVersion: 4,
                cidr: plan.cidr.description, gatewayIP: plan.gateway?.description,
                allocationPools: plan.pools.map {
                    AllocationPool(start: $0.lowerBound.description, end: $0.upperBound.description)
                },
                enableDHCP: request.enableDHCP, dnsNameservers: request.dnsNameservers, description: request.description,
                createdAt: now, updatedAt: now, revisionNumber: 1
            )
            try SubnetRow(subnet).insert(db)
            return subnet
        }
    }

    /// Subnets are visible with their network.
    public func subnets(matching filter: SubnetFilter = SubnetFilter(), caller: NetworkCaller) async throws(NetworkFault)
        -> [Subnet]
    {
        try await read { db in
            let visible = Set(
                try NetworkQueries.allNetworks(in: db).filter { NetworkQueries.canSee($0, caller: caller) }.map(\.id))
            return try SubnetRow.order(Column.rowID).fetchAll(db).map(\.model).filter {
                visible.contains($0.networkID) && filter.matches($0)
            }
        }
    }

    public func subnet(id: String, caller: NetworkCaller) async throws(NetworkFault) -> Subnet {
        try await read { db in try Self.visibleSubnet(id, caller: caller, in: db) }
    }

    public func updateSubnet(id: String, _ update: SubnetUpdate, caller: NetworkCaller) async throws(NetworkFault) -> Subnet {
        let now = Self.now()
        return try await write { db in
            var subnet = try Self.visibleSubnet(id, caller: caller, in: db)
            guard caller.owns(subnet.projectID) else { throw NetworkFault.policyNotAuthorized("update_subnet") }
            if let name = update.name { subnet.name = name }
            if let enableDHCP = update.enableDHCP { subnet.enableDHCP = enableDHCP }
            if let dnsNameservers = update.dnsNameservers { subnet.dnsNameservers = dnsNameservers }
            if let description = update.description { subnet.description = description }
            subnet.updatedAt = now
            subnet.revisionNumber += 1
            try SubnetRow(subnet).update(db)
            return subnet
        }
    }

    /// Refused while a port holds an address from it (SubnetInUse).
    public func deleteSubnet(id: String, caller: NetworkCaller) async throws(NetworkFault) {
        try await write { db in
            let subnet = try Self.visibleSubnet(id, caller: caller, in: db)
            guard caller.owns(subnet.projectID) else { throw NetworkFault.policyNotAuthorized("delete_subnet") }
            if try IPAllocationRow.filter(Column("subnet_id") == id).fetchCount(db) > 0 {
                throw NetworkFault.subnetInUse(id)
            }
            _ = try SubnetRow.deleteOne(db, key: id)
        }
    }

    static func visibleSubnet(_ id: String, caller: NetworkCaller, in db: Database) throws -> Subnet {
        guard let subnet = try SubnetRow.fetchOne(db, key: id)?.model,
            let network = try NetworkQueries.networkRow(subnet.networkID, in: db),
            NetworkQueries.canSee(network, caller: caller)
        else { throw NetworkFault.subnetNotFound(id) }
        return subnet
    }
}
