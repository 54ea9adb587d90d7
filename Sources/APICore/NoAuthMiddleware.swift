@_exported import HTTPTypes
import Hummingbird

/// Resolves `X-Auth-Token` with the `noauth` strategy and stamps every response with the
/// request id (`x-openstack-request-id`; the compute API adds `x-compute-request-id`).
public struct NoAuthMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext

    public init() {}

    public func handle(
        _ request: Request, context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.identity = Identity.noAuth(token: request.headers[.xAuthToken])
        context.adoptRequestID(from: request)
        var response = try await next(request, context)
        response.headers[.xOpenStackRequestID] = context.requestID
        return response
    }
}

extension APIRequestContext {
    /// A client's own `x-openstack-request-id` (`req-…`) is kept, as Nova keeps it.
    mutating func adoptRequestID(from request: Request) {
        if let incoming = request.headers[.xOpenStackRequestID], incoming.hasPrefix("req-") {
            requestID = incoming
        }
    }
}

extension HTTPField.Name {
    public static let xAuthToken = Self("X-Auth-Token")!
    public static let xOpenStackRequestID = Self("x-openstack-request-id")!
    public static let xComputeRequestID = Self("x-compute-request-id")!
    public static let openStackAPIVersion = Self("OpenStack-API-Version")!
    public static let xOpenStackNovaAPIVersion = Self("X-OpenStack-Nova-API-Version")!
}
