import APICore
import ComputeModel
import Hummingbird

/// `/v2.1/images[/detail|/{id}]`: Nova's deprecated image proxy, which exists up to 2.35
/// and answers 404 from 2.36 (`MAX_PROXY_API_SUPPORT_VERSION`).
struct ImageRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/images") { try await list($0, isDetail: false) }
        routes.on(.get, "/v2.1/images/detail") { try await list($0, isDetail: true) }
        routes.on(.get, "/v2.1/images/:image_id") { try await show($0) }
    }

    private static func requireProxyVersion(_ request: ComputeRequest) throws(APIFault) {
        guard !request.atLeast(36) else { throw APIFault.resourceNotFound }
    }

    /// Filtered by `name` and `status` (Glance's spelling, any case), as Nova passes them on.
    private func list(_ request: ComputeRequest, isDetail: Bool) async throws -> Response {
        try Self.requireProxyVersion(request)
        let name = request.query["name"]
        let status = request.query["status"]?.lowercased()
        let images = try await service.images(context: request.computeContext).filter { image in
            (name.map { image.name == $0 } ?? true) && (status.map { image.status == $0 } ?? true)
        }
        let view = ImageView(links: request.links)
        return .json(["images": .array(images.map(isDetail ? view.detail : view.basic))])
    }

    private func show(_ request: ComputeRequest) async throws -> Response {
        try Self.requireProxyVersion(request)
        let id = request.parameter("image_id")
        guard let image = try await service.images(context: request.computeContext).first(where: { $0.id == id }) else {
            throw APIFault.notFound("Image not found.")
        }
        return .json(["image": ImageView(links: request.links).detail(image)])
    }
}
