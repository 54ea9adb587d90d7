import GRDB
import NetworkModel

extension EmbeddedNetworkService {
    /// `POST /v2.0/networks`. Provider attributes need admin; a VLAN or flat segment, or a
    /// tunnel id, can be used by one network only.
    public func createNetwork(_ request: NetworkCreate, caller: NetworkCaller) async throws(NetworkFault) -> Network {
        if request.setsProviderAttributes, !caller.isAdmin {
            throw .policyNotAuthorized("create_network:provider:network_type")
        }
        if request.shared, !caller.isAdmin { throw .policyNotAuthorized("create_network:shared") }
        if request.external, !caller.isAdmin { throw .policyNotAuthorized("create_network:router:external") }
        let projectID = try Self.owner(request.projectID, caller: caller)
        let segment = try ProviderSegment.validate(
            type: request.networkType, physicalNetwork: request.physicalNetwork, segmentationID: request.segmentationID)
        let mtu = try Self.mtu(request.mtu, for: segment.type)
        let id = Self.newID()
        let now = Self.now()

        return try await write { db in
            if try NetworkQueries.networkRow(id, in: db) != nil {
                throw NetworkFault(.conflict, type: "NetworkExists", message: "Network \(id) already exists.")
            }
            let segmentationID = try Self.claimSegment(segment, in: db)
            let network = Network(
                id: id, name: request.name, projectID: projectID, status: "ACTIVE", adminStateUp: request.adminStateUp,
                shared: request.shared, mtu: mtu, networkType: segment.type.rawValue,
                physicalNetwork: segment.physicalNetwork, segmentationID: segmentationID, subnetIDs: [],
                external: request.external, description: request.description, createdAt: now, updatedAt: now,
                revisionNumber: 1
            )
            try NetworkRow(network).insert(db)
            return network
        }
    }

    public func networks(matching filter: NetworkFilter = NetworkFilter(), caller: NetworkCaller) async throws(NetworkFault)
        -> [Network]
    {
        try await read { db in
            try NetworkQueries.allNetworks(in: db).filter { network in
                NetworkQueries.canSee(network, caller: caller) && filter.matches(network)
            }
        }
    }

    public func network(id: String, caller: NetworkCaller) async throws(NetworkFault) -> Network {
        try await read { db in try NetworkQueries.visibleNetwork(id, caller: caller, in: db) }
    }

    public func updateNetwork(id: String, _ update: NetworkUpdate, caller: NetworkCaller) async throws(NetworkFault)
        -> Network
    {
        if update.shared != nil, !caller.isAdmin { throw .policyNotAuthorized("update_network:shared") }
        if update.external != nil, !caller.isAdmin { throw .policyNotAuthorized("update_network:router:external") }
        let now = Self.now()
        return try await write { db in
            var network = try NetworkQueries.visibleNetwork(id, caller: caller, in: db)
            guard caller.owns(network.projectID) else { throw NetworkFault.policyNotAuthorized("update_network") }
            if let name = update.name { network.name = name }
            if let adminStateUp = update.adminStateUp { network.adminStateUp = adminStateUp }
            if let shared = update.shared { network.shared = shared }
            if let external = update.external { network.external = external }
            if let description = update.description { network.description = description }
            if let mtu = update.mtu {
                network.mtu = try Self.mtu(mtu, for: NetworkType(rawValue: network.networkType ?? "") ?? .local)
            }
            network.updatedAt = now
            network.revisionNumber += 1
            try NetworkRow(network).update(db)
            return network
        }
    }

    /// Refused while ports remain (NetworkInUse); the subnets go with the network.
    public func deleteNetwork(id: String, caller: NetworkCaller) async throws(NetworkFault) {
        try await write { db in
            let network = try NetworkQueries.visibleNetwork(id, caller: caller, in: db)
            guard caller.owns(network.projectID) else { throw NetworkFault.policyNotAuthorized("delete_network") }
            if try PortRow.filter(Column("network_id") == id).fetchCount(db) > 0 { throw NetworkFault.networkInUse(id) }
            _ = try NetworkRow.deleteOne(db, key: id)
        }
    }

    // MARK: Rules

    /// The owning project: the caller's, or another one when an admin asks for it.
    static func owner(_ requested: String?, caller: NetworkCaller) throws(NetworkFault) -> String {
        guard let requested, requested != caller.projectID else { return caller.projectID }
        guard caller.isAdmin else {
            throw .badRequest(
                "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges"
            )
        }
        return requested
    }

    static func mtu(_ requested: Int?, for type: NetworkType) throws(NetworkFault) -> Int {
        guard let requested else { return type.defaultMTU }
        guard requested >= 68 else { throw .invalidAttribute("mtu", reason: "'\(requested)' is too small - must be at least '68'") }
        guard requested <= type.defaultMTU else {
            throw .invalidInput("Requested MTU is too big, maximum is \(type.defaultMTU)")
        }
        return requested
    }

    /// Checks the segment is free (one network per VLAN, flat physnet or tunnel id) and
    /// picks the lowest free id for a tunnel network that gave none.
    static func claimSegment(_ segment: ProviderSegment, in db: Database) throws -> Int? {
        let sameType = try NetworkRow.filter(Column("network_type") == segment.type.rawValue).fetchAll(db)
        switch segment.type {
        case .vlan:
            let vlan = segment.segmentationID ?? 0
            let physnet = segment.physicalNetwork ?? ""
            if sameType.contains(where: { $0.physicalNetwork == physnet && $0.segmentationID == vlan }) {
                throw NetworkFault.vlanInUse(vlan, physnet: physnet)
            }
            return vlan
        case .flat:
            let physnet = segment.physicalNetwork ?? ""
            if sameType.contains(where: { $0.physicalNetwork == physnet }) {
                throw NetworkFault.flatNetworkInUse(physnet: physnet)
            }
            return nil
        case .vxlan, .gre, .geneve:
            let used = Set(sameType.compactMap(\.segmentationID))
            if let requested = segment.segmentationID {
                if used.contains(requested) { throw NetworkFault.tunnelIDInUse(requested) }
                return requested
            }
            guard let range = segment.type.segmentationRange, let free = range.first(where: { !used.contains($0) }) else {
                throw NetworkFault.noNetworkAvailable()
            }
            return free
        case .local:
            return nil
        }
    }
}
