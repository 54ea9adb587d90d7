import APICore
import ComputeModel
import Hummingbird

/// `/v2.1/servers/{id}/os-instance-actions[/{request_id}]`.
struct InstanceActionRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/servers/:server_id/os-instance-actions") { try await list($0) }
        routes.on(.get, "/v2.1/servers/:server_id/os-instance-actions/:request_id") { try await show($0) }
    }

    /// Newest first, as Nova lists them; paged with `limit`/`marker` (a request id) from 2.58.
    private func list(_ request: ComputeRequest) async throws -> Response {
        let serverID = try request.serverID()
        try await request.authorize("os_compute_api:os-instance-actions:list", server: serverID, service: service)
        var actions = try await service.instanceActions(of: serverID, context: request.computeContext)
        actions.sort { $0.startTime > $1.startTime }
        var body: [String: JSON] = [:]
        if request.atLeast(58) {
            let pagination = try Pagination(query: request.query)
            actions = try pagination.page(actions) { $0.requestID }
            if pagination.isFull(actions.count), let last = actions.last {
                body["links"] = request.links.next("servers/\(serverID.lowercasedString)/os-instance-actions",
                                                   query: request.query, marker: last.requestID)
            }
        }
        body["instanceActions"] = .array(actions.map(InstanceActionView(request).summary))
        return .json(.object(body))
    }

    private func show(_ request: ComputeRequest) async throws -> Response {
        try request.refuseUnknownQuery()
        let serverID = try request.serverID()
        try await request.authorize("os_compute_api:os-instance-actions:show", server: serverID, service: service)
        let action = try await service.instanceAction(request.parameter("request_id"), of: serverID, context: request.computeContext)
        return .json(["instanceAction": InstanceActionView(request).detail(action)])
    }
}
