import Hummingbird

/// Any other path under `/v2.1` gets Nova's 404 fault (with the version headers) instead of
/// the framework's bare 404, so clients can read the error the way they read every other.
struct UnknownRoutes {
    func register(on routes: RouteTable) {
        for method: HTTPRequest.Method in [.get, .post, .put, .delete, .patch] {
            routes.on(method, "/v2.1/**") { _ in throw APIFault.resourceNotFound }
        }
    }
}
