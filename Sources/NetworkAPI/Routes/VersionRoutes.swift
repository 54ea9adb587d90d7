import APICore
import Hummingbird

/// `GET /v2.0` and `GET /v2.0/`: the version index openstacksdk reads at the network
/// endpoint. `GET /` belongs to the compute API. One registration serves both spellings:
/// Hummingbird's router ignores a trailing slash (registering both would trap).
enum VersionRoutes {
    static func register(on router: Router<APIRequestContext>) {
        router.get("/v2.0") { request, _ -> Response in
            Response.json(VersionDocument.render(baseURL: VersionDocument.baseURL(of: request)))
        }
    }
}
