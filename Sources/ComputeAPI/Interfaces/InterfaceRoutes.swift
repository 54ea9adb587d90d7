import APICore
import ComputeModel
import Hummingbird

/// `/v2.1/servers/{id}/os-interface`: list, show, attach (synchronous, 200) and detach
/// (accepted, 202); and this service's pre-flight, `os-interface-fit/{port_id}`: an attach
/// tried without effect, answering 200 with the device it would get, or the very fault the
/// attach would answer (so another project's port is refused as the attach refuses it).
struct InterfaceRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/servers/:server_id/os-interface") { try await list($0) }
        routes.on(.post, "/v2.1/servers/:server_id/os-interface") { try await attach($0) }
        routes.on(.get, "/v2.1/servers/:server_id/os-interface/:port_id") { try await show($0) }
        routes.on(.delete, "/v2.1/servers/:server_id/os-interface/:port_id") { try await detach($0) }
        routes.on(.get, "/v2.1/servers/:server_id/os-interface-fit/:port_id") { try await fit($0) }
    }

    private func fit(_ request: ComputeRequest) async throws -> Response {
        let serverID = try request.serverID()
        let running = try await request.authorizeOperation("os_compute_api:os-interface-fit:show", server: serverID, service: service)
        let fit = try await running.portFit(request.parameter("port_id"), on: serverID, context: request.computeContext)
        if let refusal = fit.refusal { throw refusal }
        return .json(InterfaceFitView.view(fit))
    }

    private func list(_ request: ComputeRequest) async throws -> Response {
        try request.refuseUnknownQuery()
        let serverID = try request.serverID()
        try await request.authorize("os_compute_api:os-attach-interfaces:list", server: serverID, service: service)
        let attachments = try await service.interfaces(of: serverID, context: request.computeContext)
        let view = InterfaceView(version: request.version)
        return .json(["interfaceAttachments": .array(attachments.map(view.view))])
    }

    private func show(_ request: ComputeRequest) async throws -> Response {
        try request.refuseUnknownQuery()
        let serverID = try request.serverID()
        try await request.authorize("os_compute_api:os-attach-interfaces:show", server: serverID, service: service)
        let attachment = try await service.interface(request.parameter("port_id"), of: serverID, context: request.computeContext)
        return .json(["interfaceAttachment": InterfaceView(version: request.version).view(attachment)])
    }

    /// In Nova's order: the body's schema, then the server (404 when unknown or not
    /// visible) and the policy on its project, then the net/port/IP combination, then the
    /// attach itself.
    private func attach(_ request: ComputeRequest) async throws -> Response {
        let body = try await request.validatedBody(AttachInterfaceBody.schema(for: request.version))
        let serverID = try request.serverID()
        let running = try await request.authorizeOperation("os_compute_api:os-attach-interfaces:create", server: serverID, service: service)
        let attachRequest = try AttachInterfaceBody.request(from: body)
        let attachment = try await running.attachInterface(attachRequest, to: serverID, context: request.computeContext)
        return .json(["interfaceAttachment": InterfaceView(version: request.version).view(attachment)])
    }

    private func detach(_ request: ComputeRequest) async throws -> Response {
        let serverID = try request.serverID()
        let running = try await request.authorizeOperation("os_compute_api:os-attach-interfaces:delete", server: serverID, service: service)
        try await running.detachInterface(request.parameter("port_id"), from: serverID, context: request.computeContext)
        return .empty(status: .accepted)
    }
}
