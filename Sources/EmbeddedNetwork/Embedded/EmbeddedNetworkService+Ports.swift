import GRDB
import JSONModel
import NetworkModel
import PCI

extension EmbeddedNetworkService {
    /// `POST /v2.0/ports`. With a `binding:host_id` the port is bound at once.
    public func createPort(_ request: PortCreate, caller: NetworkCaller) async throws(NetworkFault) -> NetworkModel.Port {
        if !caller.isAdmin {
            if request.bindingHostID != nil { throw .policyNotAuthorized("create_port:binding:host_id") }
            if request.bindingProfile != nil { throw .policyNotAuthorized("create_port:binding:profile") }
        }
        let vnic = try PortAttributes.vnicType(request.vnicType)
        try await learnAgent(ofHost: request.bindingHostID)
        let numaPolicy = try PortAttributes.numaAffinityPolicy(request.numaAffinityPolicy)
        let projectID = try Self.owner(request.projectID, caller: caller)
        let id = Self.newID()
        let now = Self.now()
        let generator = macGenerator
        let agents = agents, bridge = bridge

        return try await write { db in
            let network = try NetworkQueries.visibleNetwork(request.networkID, caller: caller, in: db)
            if try PortRow.fetchOne(db, key: id) != nil {
                throw NetworkFault(.conflict, type: "PortExists", message: "Port \(id) already exists.")
            }
            let mac = try AddressAssigner.macAddress(
                request.macAddress, networkID: network.id, portID: id, generator: generator, in: db)
            let fixedIPs = try AddressAssigner.fixedIPs(request.fixedIPs, network: network, in: db)
            let host = request.bindingHostID ?? ""
            let profile = request.bindingProfile ?? [:]
            let binding = PortBinder.bind(vnicType: vnic, profile: profile, network: network, host: host, agents: agents, bridge: bridge)
            let port = Port(
                id: id, name: request.name, networkID: network.id, projectID: projectID, macAddress: mac,
                fixedIPs: fixedIPs, status: binding.status, adminStateUp: request.adminStateUp,
                deviceID: request.deviceID, deviceOwner: request.deviceOwner, bindingHostID: host,
                vnicType: vnic.rawValue, bindingProfile: profile, vifType: binding.vifType,
                vifDetails: binding.vifDetails, numaAffinityPolicy: numaPolicy, description: request.description,
                createdAt: now, updatedAt: now, revisionNumber: 1
            )
            try PortRow(port).insert(db)
            try AddressAssigner.store(fixedIPs, portID: id, in: db)
            return port
        }
    }

    public func ports(matching filter: PortFilter = PortFilter(), caller: NetworkCaller) async throws(NetworkFault) -> [NetworkModel.Port] {
        try await read { db in
            var request = PortRow.order(Column.rowID)
            if !caller.isAdmin { request = request.filter(Column("project_id") == caller.projectID) }
            // The compute side's `ports(deviceID:)` is a hot path: let the index do it.
            if let deviceIDs = filter.deviceIDs { request = request.filter(deviceIDs.contains(Column("device_id"))) }
            if let hostIDs = filter.hostIDs { request = request.filter(hostIDs.contains(Column("binding_host_id"))) }
            return try NetworkQueries.ports(request.fetchAll(db), in: db).filter(filter.matches)
        }
    }

    public func port(id: String, caller: NetworkCaller) async throws(NetworkFault) -> NetworkModel.Port {
        try await read { db in
            try NetworkQueries.port(NetworkQueries.visiblePortRow(id, caller: caller, in: db), in: db)
        }
    }

    /// `PUT /v2.0/ports/{id}`. Host and profile are admin-only; changing them or the vnic
    /// type re-runs the binding.
    public func updatePort(id: String, _ update: PortUpdate, caller: NetworkCaller) async throws(NetworkFault) -> NetworkModel.Port {
        if !caller.isAdmin {
            if update.bindingHostID != nil { throw .policyNotAuthorized("update_port:binding:host_id") }
            if update.bindingProfile != nil { throw .policyNotAuthorized("update_port:binding:profile") }
        }
        try await learnAgent(ofHost: update.bindingHostID)
        return try await modifyPort(id: id, caller: caller) { _ in update }
    }

    /// Allowed while the port is bound to a server, as in Neutron: the compute side is
    /// told (`notifier`, Neutron's `network-vif-deleted`) once the delete is committed and
    /// releases the device. Its addresses are freed with it.
    public func deletePort(id: String, caller: NetworkCaller) async throws(NetworkFault) {
        let deleted = try await write { db in
            let row = try NetworkQueries.visiblePortRow(id, caller: caller, in: db)
            let port = try NetworkQueries.port(row, in: db)
            _ = try PortRow.deleteOne(db, key: row.id)
            return port
        }
        await notifier.portDeleted(deleted)
    }

    /// What the agent's `update_device_up`/`update_device_down` would report: the
    /// embedded backend has no agents, so whoever plugs the device (the hypervisor side)
    /// may say the port is up. Status is read-only over the API.
    public func setStatus(_ status: String, ofPort id: String) async throws(NetworkFault) -> NetworkModel.Port {
        guard PortStatus.all.contains(status) else {
            throw .invalidAttribute("status", reason: "'\(status)' is not in \(PortStatus.all.sorted())")
        }
        let now = Self.now()
        return try await write { db in
            var port = try NetworkQueries.port(NetworkQueries.visiblePortRow(id, caller: .admin, in: db), in: db)
            guard port.status != status else { return port }
            port.status = status
            port.updatedAt = now
            port.revisionNumber += 1
            try PortRow(port).updateAll(in: db)
            return port
        }
    }

    // MARK: The update itself

    /// Reads the port, asks `change` for the update (so a merge sees the current profile
    /// in the same transaction), applies it and re-binds when the binding inputs changed.
    func modifyPort(
        id: String, caller: NetworkCaller, _ change: @escaping @Sendable (Port) throws -> PortUpdate
    ) async throws(NetworkFault) -> Port {
        let now = Self.now()
        let generator = macGenerator
        let agents = agents, bridge = bridge
        return try await write { db in
            let original = try NetworkQueries.port(NetworkQueries.visiblePortRow(id, caller: caller, in: db), in: db)
            let update = try change(original)
            var port = original
            if let name = update.name { port.name = name }
            if let description = update.description { port.description = description }
            if let adminStateUp = update.adminStateUp { port.adminStateUp = adminStateUp }
            if let deviceID = update.deviceID { port.deviceID = deviceID }
            if let deviceOwner = update.deviceOwner { port.deviceOwner = deviceOwner }
            if let vnic = update.vnicType { port.vnicType = try PortAttributes.vnicType(vnic).rawValue }
            if let host = update.bindingHostID { port.bindingHostID = host }
            if let profile = update.bindingProfile { port.bindingProfile = profile }
            if let policy = update.numaAffinityPolicy { port.numaAffinityPolicy = try PortAttributes.numaAffinityPolicy(policy) }

            let network = try NetworkQueries.visibleNetwork(port.networkID, caller: .admin, in: db)
            if let requested = update.macAddress {
                let mac = try PortAttributes.macAddress(requested)
                if mac != original.macAddress {
                    try Self.refuseMACChangeWhileBound(original, newMAC: mac)
                    port.macAddress = try AddressAssigner.macAddress(
                        mac, networkID: network.id, portID: id, generator: generator, in: db)
                }
            }
            if let requests = update.fixedIPs {
                try IPAllocationRow.filter(Column("port_id") == id).deleteAll(db)
                port.fixedIPs = try AddressAssigner.fixedIPs(
                    requests, network: network, previous: original.fixedIPs, in: db)
                try AddressAssigner.store(port.fixedIPs, portID: id, in: db)
            }
            if update.touchesBinding {
                let vnic = try PortAttributes.vnicType(port.vnicType)
                let result = PortBinder.bind(
                    vnicType: vnic, profile: port.bindingProfile, network: network, host: port.bindingHostID,
                    agents: agents, bridge: bridge)
                port.vifType = result.vifType
                port.vifDetails = result.vifDetails
                port.status = result.status
            }
            port.updatedAt = now
            port.revisionNumber += 1
            try PortRow(port).updateAll(in: db)
            return port
        }
    }

    /// ML2 refuses a new MAC on a port that is bound (the VIF would keep the old one);
    /// unbound and failed bindings may change it, which is how Nova gives a PF port the
    /// PF's MAC in the binding PUT.
    static func refuseMACChangeWhileBound(_ port: Port, newMAC: String) throws(NetworkFault) {
        guard port.vifType != VIFType.unbound, port.vifType != VIFType.bindingFailed else { return }
        throw NetworkFault(
            .conflict, type: "PortBound",
            message: "Unable to complete operation on port \(port.id), port is already bound, port type: "
                + "\(port.vifType), old_mac \(port.macAddress), new_mac \(newMAC).")
    }
}
