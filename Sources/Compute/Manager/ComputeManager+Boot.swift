import ComputeModel
import Foundation
import NetworkModel
import PCI
import Store
import Virt

extension ComputeManager {
    static let buildEvent = "compute__do_build_and_run_instance"

    /// Boots a server: the ports are checked first (a bad port refuses the request and
    /// creates nothing), then the domain is defined and started and each port goes through
    /// the attach saga. A failure after that puts the server in ERROR with everything it
    /// held released, as a failed boot in Nova ends in ERROR.
    public func createServer(_ request: CreateServerRequest, context: RequestContext) async throws(ComputeError) -> Server {
        try await createServer(request, context: context, placed: false)
    }

    /// `placed`: placement chose this host among others (`Cluster`); a claim that finds no
    /// device then withdraws the create — nothing is left of it — and throws
    /// `placementLost`, so that the receiving host tries the next candidate.
    public func createServer(_ request: CreateServerRequest, context: RequestContext, placed: Bool) async throws(ComputeError) -> Server {
        let flavorID = request.flavorID
        guard let flavor = try await read({ db in try FlavorRecords.fetch(flavorID, in: db) }) else {
            throw .bootFlavorNotFound(request.flavorID)
        }
        if let image = request.imageID, !image.isEmpty, !configuration.images.contains(where: { $0.id == image }) {
            throw .imageNotFound(image)
        }
        let nics = try requestedNICs(request.networks)
        let cells = try await numaCells(for: flavor)
        let now = Date()
        let server = Server(
            id: UUID(), name: request.name, projectID: context.projectID, userID: context.userID, flavorID: flavor.id,
            imageID: request.imageID.flatMap { $0.isEmpty ? nil : $0 }, vmState: .building, hostName: hostName, numaCells: cells,
            metadata: request.metadata, schedulerHints: request.schedulerHints, createdAt: now, updatedAt: now)
        let portIDs = nics.compactMap { if case .port(let id, _) = $0 { id } else { nil } }
        // A port whose detach is still finishing keeps its interface row until then.
        if !portIDs.isEmpty, let busy = try await read({ db in try portIDs.first { try VIFRecords.fetch(portID: $0, in: db) != nil } }) {
            throw .portInUse(busy)
        }
        var prepared: [BootPort] = []
        var createdPorts: [String] = []
        do throws(ComputeError) {
            for nic in nics {
                switch nic {
                case .port(let portID, let tag):
                    let (port, vnic, pciRequest) = try await prepareAttach(portID: portID, server: server, flavor: flavor)
                    prepared.append(BootPort(port: port, vnicType: vnic, request: pciRequest, tag: tag, createdByCompute: false))
                case .network(let networkID, let fixedIP, let tag):
                    let port = try await createBootPort(on: networkID, for: server, fixedIP: fixedIP, context: context)
                    createdPorts.append(port.id)
                    let (checked, vnic, pciRequest) = try await prepareAttach(portID: port.id, server: server, flavor: flavor, createdForServer: true)
                    prepared.append(BootPort(port: checked, vnicType: vnic, request: pciRequest, tag: tag, createdByCompute: true))
                }
            }
        } catch {
            await deleteCreatedPorts(createdPorts)
            throw error
        }
        let created = server
        do throws(ComputeError) {
            try await write { db in try ServerRecords.insert(created, in: db) }
            try await recordAction("create", server: server.id, context: context, event: Self.buildEvent)
        } catch {
            await deleteCreatedPorts(createdPorts)
            throw error
        }

        var runner = BootRunner(manager: self, server: created, flavor: flavor, ports: prepared, context: context)
        runner.placed = placed
        let boot = runner
        let (built, failure, withdrawn) = await serverLocks.withLock(created.id) { await boot.run() }
        // A failed boot released what it attached (a created port is deleted with its
        // interface); the ports it created and never attached go too.
        if failure != nil { await deleteCreatedPorts(createdPorts) }
        if withdrawn, let failure {
            throw .placementLost(host: hostName, cause: failure.message)
        }
        await finishEvent(Self.buildEvent, action: "create", server: built.id, requestID: context.requestID, error: failure?.message)
        return built
    }

    /// One entry of a boot's `networks`: a port the user brought, or a network to create
    /// a port on (Nova's `allocate_for_instance`).
    enum RequestedNIC {
        case port(String, tag: String?)
        case network(String, fixedIP: String?, tag: String?)
    }

    func requestedNICs(_ networks: CreateServerRequest.Networks) throws(ComputeError) -> [RequestedNIC] {
        switch networks {
        case .none:
            return []
        case .auto:
            throw .automaticNetworksUnsupported
        case .list(let requested):
            var seen = Set<String>()
            var nics: [RequestedNIC] = []
            for entry in requested {
                switch entry {
                case .port(let id, let tag):
                    guard seen.insert(id).inserted else { throw .portRequestedTwice(id) }
                    nics.append(.port(id, tag: tag))
                case .network(let id, let fixedIP, let tag):
                    nics.append(.network(id, fixedIP: fixedIP, tag: tag))
                }
            }
            return nics
        }
    }

    /// Nova's `_create_port_minimal`: a port on the network for the server's project, its
    /// `device_id` the server. It is a normal port (the network's default vnic type), so
    /// it claims no device. The network must be one the caller sees (its project's, or
    /// shared; any for an admin), as Nova lists the requested networks with the caller's
    /// token: another project's network is "not found", never a port on it.
    private func createBootPort(on networkID: String, for server: Server, fixedIP: String?,
                                context: RequestContext) async throws(ComputeError) -> NetworkPort {
        do throws(NetworkError) {
            let requested = try await network.network(id: networkID)
            guard context.isAdmin || requested.shared || requested.projectID == context.projectID else {
                throw NetworkError.networkNotFound(networkID)
            }
            return try await network.createPort(networkID: networkID, projectID: server.projectID,
                                                 deviceID: server.id.uuidString.lowercased(), fixedIP: fixedIP)
        } catch .networkNotFound {
            throw .bootNetworkNotFound(networkID)
        } catch {
            throw Self.mapNetworkError(error)
        }
    }

    /// Deletes ports a boot created that no interface took over; a port already gone is
    /// fine, any other failure is logged (the port names the server in `device_id`).
    func deleteCreatedPorts(_ ids: [String]) async {
        for id in ids {
            do {
                try await network.deletePort(id)
            } catch .portNotFound {
                continue
            } catch {
                logger.error("the port \(id) created for a boot could not be deleted: \(error)")
            }
        }
    }

    /// `hw:numa_nodes` = N pins the server to the N host nodes with the fewest of this
    /// host's servers (placement makes the same choice for every host it weighs).
    func numaCells(for flavor: Flavor) async throws(ComputeError) -> [Int]? {
        guard let count = try Self.numaNodeCount(of: flavor) else { return nil }
        let nodes = await tracker.numaTopology.nodes.map(\.id)
        guard count <= nodes.count else {
            throw .tooManyNUMANodes(flavor: flavor.id, requested: count, host: nodes.count)
        }
        let host = hostName
        let servers = try await read { db in try ServerRecords.fetchAll(host: host, in: db) }
        return PlacementSelection.pinnedCells(count: count, nodes: nodes, serverCells: servers.compactMap(\.numaCells))
    }

    /// The flavor's `hw:numa_nodes`, nil when it asks for no topology.
    static func numaNodeCount(of flavor: Flavor) throws(ComputeError) -> Int? {
        guard let text = flavor.extraSpecs["hw:numa_nodes"] else { return nil }
        guard let count = Int(text), count >= 1 else {
            throw .invalidNUMANodes(text, flavor: flavor.id)
        }
        return count
    }

    /// A boot that cannot finish (it failed, or a restart cut it): everything the server
    /// holds is released through the one release path and the server ends in ERROR.
    func failBuild(_ id: UUID, requestID: String) async throws(ComputeError) -> Server {
        let ended = await serverLocks.withLock(id) { await Self.outcome { try await self.endBuildInError(id, requestID: requestID) } }
        return try ended.get()
    }

    /// `failBuild` under the server's lock (the boot's own runner holds it already).
    func endBuildInError(_ id: UUID, requestID: String) async throws(ComputeError) -> Server {
        let released = await Self.outcome { try await self.release(serverID: id, keepServer: true, requestID: requestID) }.error
        if let released { logger.error("failed boot of \(id) could not release everything: \(released)") }
        let failed = try await write { db -> Server? in
            guard var server = try ServerRecords.fetch(id, in: db) else { return nil }
            server.vmState = .error
            server.updatedAt = Date()
            try ServerRecords.update(server, in: db)
            return server
        }
        guard let failed else { throw .serverNotFound(id) }
        return failed
    }
}
