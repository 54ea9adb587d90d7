import APICore
import ComputeModel
import Foundation
import Hummingbird

/// `/v2.1/os-services` (admin): the `nova-compute` service of every host, from the shared
/// database; enable/disable (with a reason) and forced down; delete of a host without
/// servers. Before 2.53 `PUT /os-services/{action}` with the host and binary in the body;
/// from 2.53 `PUT /os-services/{uuid}` with the change in the body.
struct ServiceRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/os-services") { try await list($0) }
        routes.on(.put, "/v2.1/os-services/:service_id") { request in
            if request.atLeast(53) { return try await update(request) }
            return try await legacyUpdate(request)
        }
        routes.on(.delete, "/v2.1/os-services/:service_id") { try await delete($0) }
    }

    private func list(_ request: ComputeRequest) async throws -> Response {
        try request.validateQuery(ServiceUpdateBody.querySchema(for: request.version))
        try request.authorize("os_compute_api:os-services:list")
        let host = request.query["host"] ?? "", binary = request.query["binary"] ?? ""
        let services = try await service.computeHosts(context: request.computeContext).filter { status in
            (host.isEmpty || status.host.name == host) && (binary.isEmpty || ComputeHost.binary == binary)
        }
        return .json(["services": .array(services.map { ServiceView.detail($0, version: request.version) })])
    }

    /// 2.53: the service by uuid, then Nova's checks of the change.
    private func update(_ request: ComputeRequest) async throws -> Response {
        let body = try await request.validatedBody(ServiceUpdateBody.schema)
        let id = request.parameter("service_id")
        guard UUID.fromUUIDLike(id) != nil else { throw APIFault.badRequest("Invalid uuid \(id)") }
        try request.authorize("os_compute_api:os-services:update")
        let host = try await find(id, request, notFound: "Service \(id) could not be found.")
        let update = try ServiceUpdateBody.update(from: body)
        let updated = try await service.updateComputeHost(host.name, update, context: request.computeContext)
        return .json(["service": ServiceView.detail(updated, version: request.version)])
    }

    /// Before 2.53: `enable`, `disable`, `disable-log-reason` and (2.11) `force-down`, each
    /// answered with the fields it changed, as Nova's `_enable_disable`/`_forced_down`.
    private func legacyUpdate(_ request: ComputeRequest) async throws -> Response {
        let body = try await request.validatedBody(ServiceUpdateBody.legacySchema(for: request.version))
        try request.authorize("os_compute_api:os-services:update")
        let host = body["host"]?.stringValue ?? "", binary = body["binary"]?.stringValue ?? ""
        let update: ComputeHostUpdate
        var answer: [String: JSON] = ["host": .string(host), "binary": .string(binary)]
        switch request.parameter("service_id") {
        case "enable":
            update = ComputeHostUpdate(disabled: false)
            answer["status"] = "enabled"
        case "disable":
            update = ComputeHostUpdate(disabled: true)
            answer["status"] = "disabled"
        case "disable-log-reason":
            guard let reason = body["disabled_reason"]?.stringValue else { throw APIFault.badRequest("Missing disabled reason field") }
            update = ComputeHostUpdate(disabled: true, disabledReason: reason)
            answer["status"] = "disabled"
            answer["disabled_reason"] = .string(reason)
        case "force-down" where request.atLeast(11):
            guard let value = body["forced_down"] else { throw APIFault.badRequest("Missing forced_down field") }
            update = ComputeHostUpdate(forcedDown: ServiceUpdateBody.flag(value))
            answer["forced_down"] = .bool(update.forcedDown ?? false)
        default:
            throw APIFault.notFound("Unknown action")
        }
        guard binary == ComputeHost.binary else {
            throw APIFault.badRequest("Updating a \(binary) service is not supported. Only nova-compute services can be updated.")
        }
        // Looked up first for Nova's text; a host deleted meanwhile is the update's own 404.
        guard try await service.computeHosts(context: request.computeContext).contains(where: { $0.host.name == host }) else {
            throw APIFault.notFound("Could not find binary \(binary) on host \(host).")
        }
        _ = try await service.updateComputeHost(host, update, context: request.computeContext)
        return .json(["service": .object(answer)])
    }

    /// 204; a host with servers is refused (409), as Nova refuses a compute service that
    /// hosts instances.
    private func delete(_ request: ComputeRequest) async throws -> Response {
        try request.authorize("os_compute_api:os-services:delete")
        let id = request.parameter("service_id")
        if request.atLeast(53) {
            guard UUID.fromUUIDLike(id) != nil else { throw APIFault.badRequest("Invalid uuid \(id)") }
        } else if Int(id) == nil {
            throw APIFault.badRequest("Invalid input received: id must be an integer")
        }
        let host = try await find(id, request, notFound: "Service \(id) not found.")
        try await service.deleteComputeHost(host.name, context: request.computeContext)
        return .empty(status: .noContent)
    }

    private func find(_ id: String, _ request: ComputeRequest, notFound: String) async throws -> ComputeHost {
        let hosts = try await service.computeHosts(context: request.computeContext)
        guard let status = hosts.first(where: { ServiceID.matches(id, $0.host, version: request.version) }) else {
            throw APIFault.notFound(notFound)
        }
        return status.host
    }
}
