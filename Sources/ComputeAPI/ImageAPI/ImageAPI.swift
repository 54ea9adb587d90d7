import APICore
import ComputeModel
import Hummingbird

/// A read-only Image API v2 (Glance's shape) at `/image`, listing the images the compute
/// service knows, so the clients that resolve `--image NAME` in an Image service (`openstack
/// server create`) find them on the service's own port: `GET /image` and
/// `/image/versions` (version discovery), `GET /image/v2/images` (filters `id`, `name`,
/// `status`, `visibility`; `limit`/`marker` pagination) and `GET /image/v2/images/{id}`.
///
/// Outside the compute API's microversion control; the auth middleware the app installs
/// resolves the caller (add it to the router first, as for the network routes).
public struct ImageAPI: Sendable {
    /// Where the Image API lives on the service's port.
    public static let prefix = "/image"

    let service: any ComputeService
    let hostName: String

    /// `hostName` names this host in version links when a client sends no `Host` header.
    public init(service: any ComputeService, hostName: String) {
        self.service = service
        self.hostName = hostName
    }

    public func addRoutes(to router: Router<APIRequestContext>) {
        let hostName = hostName
        router.get(RouterPath(Self.prefix)) { request, _ -> Response in
            // Glance answers its root with 300 Multiple Choices, `/versions` with 200.
            .json(GlanceVersions.document(root: Self.root(request, hostName: hostName)), status: .multipleChoices)
        }
        router.get(RouterPath(Self.prefix + "/versions")) { request, _ -> Response in
            .json(GlanceVersions.document(root: Self.root(request, hostName: hostName)))
        }
        router.get(RouterPath(Self.prefix + "/v2/images")) { request, context in
            try await list(request, context: context)
        }
        router.get(RouterPath(Self.prefix + "/v2/images/:image_id")) { request, context in
            try await show(request, context: context)
        }
    }

    private func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = GlanceImageQuery(query: request.uri.query)
        let images: [Image]
        do {
            images = try await service.images(context: Self.computeContext(context))
        } catch {
            return GlanceError(status: APIFault.status(of: error), message: error.message).response
        }
        let page = query.page(of: images)
        var body: [String: JSON] = [
            "images": .array(page.images.map(GlanceImageView.view)),
            "schema": "/v2/schemas/images",
            "first": .string("/v2/images" + query.firstLinkQuery),
        ]
        if let marker = page.nextMarker { body["next"] = .string("/v2/images" + query.nextLinkQuery(marker: marker)) }
        return .json(.object(body))
    }

    private func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = context.parameters.get("image_id").map { $0.removingPercentEncoding ?? $0 } ?? ""
        do {
            guard let image = try await service.images(context: Self.computeContext(context)).first(where: { $0.id == id }) else {
                return GlanceError(status: 404, message: "No image found with ID \(id)").response
            }
            return .json(GlanceImageView.view(image))
        } catch {
            return GlanceError(status: APIFault.status(of: error), message: error.message).response
        }
    }

    static func computeContext(_ context: APIRequestContext) -> ComputeModel.RequestContext {
        ComputeModel.RequestContext(
            userID: context.identity.userID, projectID: context.identity.projectID, isAdmin: context.identity.isAdmin,
            requestID: context.requestID)
    }

    /// `scheme://host:port/image`, from the request's Host as Glance builds its links.
    static func root(_ request: Request, hostName: String) -> String {
        let authority = request.head.authority.flatMap { $0.isEmpty ? nil : $0 } ?? hostName
        return (request.head.scheme ?? "http") + "://" + authority + prefix
    }
}
