import APICore
import ComputeModel
import Hummingbird

/// `/v2.1/servers`: create, list, show, delete, and the server actions.
struct ServerRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/servers") { try await list($0, isDetail: false) }
        routes.on(.get, "/v2.1/servers/detail") { try await list($0, isDetail: true) }
        routes.on(.post, "/v2.1/servers") { try await create($0) }
        routes.on(.get, "/v2.1/servers/:server_id") { try await show($0) }
        routes.on(.delete, "/v2.1/servers/:server_id") { try await delete($0) }
        routes.on(.post, "/v2.1/servers/:server_id/action") { try await action($0) }
    }

    private func list(_ request: ComputeRequest, isDetail: Bool) async throws -> Response {
        try request.authorize("os_compute_api:servers:\(isDetail ? "detail" : "index")")
        let query = try ServerListQuery(request, isDetail: isDetail)
        let servers = try query.finish(try await service.servers(matching: query.filter, context: request.computeContext))
        let view = ServerView(request)
        var entries: [JSON] = []
        if isDetail {
            var details = ServerDetails(service: service, context: request.computeContext)
            for server in servers { entries.append(try await details.view(server, in: view, isShow: false)) }
        } else {
            entries = servers.map(view.basic)
        }
        var body: [String: JSON] = ["servers": .array(entries)]
        if query.pagination.isFull(servers.count), let last = servers.last {
            let path = isDetail ? "servers/detail" : "servers"
            body["servers_links"] = request.links.next(path, query: request.query, marker: last.id.lowercasedString)
        }
        return .json(.object(body))
    }

    private func show(_ request: ComputeRequest) async throws -> Response {
        try request.refuseUnknownQuery()
        let server = try await request.authorize("os_compute_api:servers:show", server: try request.serverID(), service: service)
        var details = ServerDetails(service: service, context: request.computeContext)
        return .json(["server": try await details.view(server, in: ServerView(request), isShow: true)])
    }

    /// 202 with the id, links and the admin password, and a `Location` of the new server.
    private func create(_ request: ComputeRequest) async throws -> Response {
        let body = try await request.validatedBody(CreateServerSchema.body(for: request.version))
        try request.authorize("os_compute_api:servers:create")
        let createRequest = try CreateServerBody.request(from: body, version: request.version)
        if createRequest.forcedHost != nil { try request.authorize("os_compute_api:servers:create:forced_host") }
        let server = try await service.createServer(createRequest, context: request.computeContext)
        let password = body["server"]?["adminPass"]?.stringValue ?? AdminPassword.generate()
        var headers = HTTPFields()
        headers[.location] = request.links.selfLink("servers", server.id.lowercasedString)
        let view = ServerView(request).created(server, adminPass: password, securityGroups: body["server"]?["security_groups"])
        return .json(view, status: .accepted, headers: headers)
    }

    private func delete(_ request: ComputeRequest) async throws -> Response {
        let id = try request.serverID()
        let running = try await request.authorizeOperation("os_compute_api:servers:delete", server: id, service: service)
        try await running.deleteServer(id: id, context: request.computeContext)
        return .empty(status: .noContent)
    }

    /// Every supported action but rebuild answers 202 with no body. As in Nova, the body (which action,
    /// and its argument) is checked before the server is looked up.
    private func action(_ request: ComputeRequest) async throws -> Response {
        let body = try await request.body()
        if let lines = try ConsoleOutputBody.lines(from: body) {
            // The one action with an answer (200), and no instance action recorded, as Nova.
            let id = try request.serverID()
            let running = try await request.authorizeOperation("os_compute_api:os-console-output", server: id, service: service)
            let output = try await running.consoleOutput(of: id, lines: lines.count, context: request.computeContext)
            return .json(["output": .string(output)])
        }
        let action = try ServerActionBody.action(from: body, version: request.version)
        let id = try request.serverID()
        let running = try await request.authorizeOperation(ServerActionBody.policyRule(of: action), server: id, service: service)
        try await running.perform(action, on: id, context: request.computeContext)
        guard case .rebuild = action else { return .empty(status: .accepted) }
        // The one action answered with the server, as Nova's rebuild (and the password).
        let server = try await service.server(id: id, context: request.computeContext)
        var details = ServerDetails(service: service, context: request.computeContext)
        let view = ServerView(request)
        let detail = try await details.view(server, in: view, isShow: true)
        let password = body.json?["rebuild"]?["adminPass"]?.stringValue ?? AdminPassword.generate()
        return .json(view.rebuilt(detail, adminPass: password), status: .accepted)
    }
}
