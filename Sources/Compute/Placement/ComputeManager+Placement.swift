import ComputeModel
import Foundation
import PCI
import Store

extension ComputeManager {
    /// The hosts a new server may go to, best first (`PlacementSelection`), from the shared
    /// database: every host's service row, devices (one query), NUMA topology and server
    /// count. The server's PCI requests come from its ports as the attach builds them (vnic
    /// type, physnet, NUMA policy of the port or the flavor), and the request is checked as
    /// a create checks it first (flavor, image, networks, ports): a refusal here creates
    /// nothing anywhere. `--nic net-id` ports are created by the chosen host and claim
    /// nothing (they are `normal`).
    public func placementCandidates(
        for request: CreateServerRequest, context: RequestContext
    ) async throws(ComputeError) -> [PlacementCandidate] {
        let flavorID = request.flavorID
        guard let flavor = try await read({ db in try FlavorRecords.fetch(flavorID, in: db) }) else {
            throw .bootFlavorNotFound(request.flavorID)
        }
        if let image = request.imageID, !image.isEmpty, !configuration.images.contains(where: { $0.id == image }) {
            throw .imageNotFound(image)
        }
        let cellCount = try Self.numaNodeCount(of: flavor)
        let now = Date()
        // Who the ports are checked for: the server as it would be created (its id is the
        // chosen host's to make).
        let provisional = Server(id: UUID(), name: request.name, projectID: context.projectID, userID: context.userID,
                                 flavorID: flavor.id, imageID: request.imageID, vmState: .building, hostName: hostName,
                                 createdAt: now, updatedAt: now)
        var requests: [PCIRequest] = []
        for nic in try requestedNICs(request.networks) {
            guard case .port(let portID, _) = nic else { continue }
            let (_, _, pciRequest) = try await prepareAttach(portID: portID, server: provisional, flavor: flavor)
            if let pciRequest { requests.append(pciRequest) }
        }
        let (services, devices, topologies, counts, servers) = try await read { db in
            (try ServiceRecords.fetchAll(in: db), try PCIDeviceRecords.fetchAllByHost(in: db), try HostRecords.numaTopologies(in: db),
             try ServerRecords.countsByHost(in: db), try cellCount == nil ? [] : ServerRecords.fetchAll(in: db))
        }
        let hosts = services.map { service in
            let numa = topologies[service.name] ?? .none
            let cells = cellCount.flatMap { count -> [Int]? in
                let nodes = numa.nodes.map(\.id)
                // A host with fewer nodes than asked cannot pin the server: no cells it
                // could satisfy a `required` request on (an empty topology matches none).
                guard count <= nodes.count else { return [] }
                return PlacementSelection.pinnedCells(count: count, nodes: nodes, serverCells: servers.filter {
                    $0.hostName == service.name
                }.compactMap(\.numaCells))
            }
            return PlacementHost(service: service, devices: devices[service.name] ?? [], numa: numa,
                                 serverCount: counts[service.name] ?? 0, numaCells: cells)
        }
        return PlacementSelection.candidates(for: requests, on: hosts, forcedHost: request.forcedHost, now: now,
                                              downAfter: configuration.serviceDownTime)
    }

    /// A create no host could take: the server recorded here in ERROR with Nova's fault
    /// (`No valid host was found. There are not enough hosts available.`), holding
    /// nothing, and its `create` action failed with the same message, as Nova's conductor
    /// buries a server the scheduler found no host for.
    public func recordUnplacedServer(_ request: CreateServerRequest, context: RequestContext) async throws(ComputeError) -> Server {
        let now = Date()
        var server = Server(id: UUID(), name: request.name, projectID: context.projectID, userID: context.userID,
                            flavorID: request.flavorID, imageID: request.imageID.flatMap { $0.isEmpty ? nil : $0 }, vmState: .error,
                            hostName: hostName, metadata: request.metadata, schedulerHints: request.schedulerHints,
                            createdAt: now, updatedAt: now)
        server.fault = .noValidHost(at: now)
        let unplaced = server, host = hostName
        try await write { db in
            try ServerRecords.insert(unplaced, in: db)
            try Self.recordAction("create", server: unplaced.id, context: context, event: "conductor_schedule_and_build_instances",
                                  host: host, in: db)
        }
        await finishEvent("conductor_schedule_and_build_instances", action: "create", server: server.id, requestID: context.requestID,
                          error: server.fault?.message)
        return server
    }
}
