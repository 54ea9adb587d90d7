import APICore
import ComputeModel
import Hummingbird

/// `/v2.1/flavors`: list, detail, show; admin create and delete.
struct FlavorRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/flavors") { try await list($0, isDetail: false) }
        routes.on(.get, "/v2.1/flavors/detail") { try await list($0, isDetail: true) }
        routes.on(.get, "/v2.1/flavors/:flavor_id") { try await show($0) }
        routes.on(.post, "/v2.1/flavors") { try await create($0) }
        routes.on(.delete, "/v2.1/flavors/:flavor_id") { try await delete($0) }
    }

    private func list(_ request: ComputeRequest, isDetail: Bool) async throws -> Response {
        let query = try FlavorListQuery(request)
        let flavors = try query.apply(try await service.flavors(context: request.computeContext))
        let view = FlavorView(request)
        var body: [String: JSON] = ["flavors": .array(flavors.map(isDetail ? view.detail : view.basic))]
        if query.pagination.isFull(flavors.count), let last = flavors.last {
            body["flavors_links"] = request.links.next(isDetail ? "flavors/detail" : "flavors", query: request.query,
                                                       marker: last.id)
        }
        return .json(.object(body))
    }

    private func show(_ request: ComputeRequest) async throws -> Response {
        try request.refuseUnknownQuery()
        let flavor = try await service.flavor(id: request.parameter("flavor_id"), context: request.computeContext)
        return .json(["flavor": FlavorView(request).detail(flavor)])
    }

    /// 200 with the new flavor, as in Nova.
    private func create(_ request: ComputeRequest) async throws -> Response {
        try request.authorize("os_compute_api:os-flavor-manage:create")
        let body = try await request.validatedBody(CreateFlavorBody.schema(for: request.version))
        let flavor = CreateFlavorBody.flavor(from: body, version: request.version)
        let created = try await service.createFlavor(flavor, context: request.computeContext)
        return .json(["flavor": FlavorView(request).detail(created)])
    }

    /// 202 with no body, as in Nova.
    private func delete(_ request: ComputeRequest) async throws -> Response {
        try request.authorize("os_compute_api:os-flavor-manage:delete")
        try await service.deleteFlavor(id: request.parameter("flavor_id"), context: request.computeContext)
        return .empty(status: .accepted)
    }
}
