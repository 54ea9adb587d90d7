import APICore
import ComputeModel
import Foundation
import Hummingbird

/// `/v2.1/os-hypervisors` (admin): one hypervisor per host, from the shared database, with
/// the host's up/down and enabled/disabled; before 2.53 also `/{pattern}/search` and
/// `/{pattern}/servers`.
struct HypervisorRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/os-hypervisors") { try await list($0, detail: false) }
        routes.on(.get, "/v2.1/os-hypervisors/detail") { try await list($0, detail: true) }
        routes.on(.get, "/v2.1/os-hypervisors/:hypervisor_id") { try await show($0) }
        routes.on(.get, "/v2.1/os-hypervisors/:hypervisor_id/search") { try await search($0, withServers: false) }
        routes.on(.get, "/v2.1/os-hypervisors/:hypervisor_id/servers") { try await search($0, withServers: true) }
    }

    private func list(_ request: ComputeRequest, detail: Bool) async throws -> Response {
        let query = try HypervisorQuery(list: request)
        try request.authorize(detail ? "os_compute_api:os-hypervisors:list-detail" : "os_compute_api:os-hypervisors:list")
        var hypervisors = try query.select(try await service.hypervisors(context: request.computeContext))
        if let pagination = query.pagination {
            hypervisors = try pagination.page(hypervisors) { ServiceID.text(of: $0.status.host, version: request.version) }
        }
        let view = HypervisorView(version: request.version)
        var body: [String: JSON] = [
            "hypervisors": .array(hypervisors.map { detail ? view.detail($0, withServers: query.withServers) : view.summary($0, withServers: query.withServers) }),
        ]
        if let pagination = query.pagination, pagination.isFull(hypervisors.count), let last = hypervisors.last {
            body["hypervisors_links"] = request.links.next(detail ? "os-hypervisors/detail" : "os-hypervisors", query: request.query,
                                                           marker: ServiceID.text(of: last.status.host, version: request.version))
        }
        return .json(.object(body))
    }

    private func show(_ request: ComputeRequest) async throws -> Response {
        let query = try HypervisorQuery(show: request)
        try request.authorize("os_compute_api:os-hypervisors:show")
        let id = request.parameter("hypervisor_id")
        if request.atLeast(53), UUID.fromUUIDLike(id) == nil { throw APIFault.badRequest("Invalid uuid \(id)") }
        let hypervisors = try await service.hypervisors(context: request.computeContext)
        guard let found = hypervisors.first(where: { ServiceID.matches(id, $0.status.host, version: request.version) }) else {
            throw APIFault.notFound("Hypervisor with ID '\(id)' could not be found.")
        }
        return .json(["hypervisor": HypervisorView(version: request.version).detail(found, withServers: query.withServers)])
    }

    /// Before 2.53: the hypervisors whose name contains the pattern, with their servers on
    /// `/servers`. From 2.53 these routes are gone (404), replaced by the list's query.
    private func search(_ request: ComputeRequest, withServers: Bool) async throws -> Response {
        guard !request.atLeast(53) else { throw APIFault.resourceNotFound }
        try request.authorize(withServers ? "os_compute_api:os-hypervisors:servers" : "os_compute_api:os-hypervisors:search")
        // The router names the segment as the show route does: here it is the pattern.
        let pattern = request.parameter("hypervisor_id")
        let found = try HypervisorQuery.matching(pattern, in: try await service.hypervisors(context: request.computeContext))
        let view = HypervisorView(version: request.version)
        return .json(["hypervisors": .array(found.map { view.summary($0, withServers: withServers) })])
    }
}
