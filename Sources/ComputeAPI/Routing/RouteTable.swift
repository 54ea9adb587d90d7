import APICore
import Hummingbird

/// Registers compute routes on the app's router, each run through the `Endpoint`.
struct RouteTable {
    let router: Router<APIRequestContext>
    let endpoint: Endpoint

    func on(
        _ method: HTTPRequest.Method, _ path: RouterPath, versioned: Bool = true,
        _ handler: @escaping Endpoint.Handler
    ) {
        let endpoint = endpoint
        router.on(path, method: method) { request, context in
            try await endpoint.respond(to: request, context: context, versioned: versioned, handler)
        }
    }
}
