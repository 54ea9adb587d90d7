import APICore
import Hummingbird

/// `GET <prefix>/v2.0` (and with a trailing slash): the version index openstacksdk reads at
/// the network endpoint; with a prefix, `GET <prefix>` lists the one version as Neutron's
/// root does. `GET /` itself belongs to the compute API. One registration serves both
/// spellings: Hummingbird's router ignores a trailing slash (registering both would trap).
enum VersionRoutes {
    static func register(on router: Router<APIRequestContext>, prefix: String) {
        router.get(RouterPath(prefix + "/v2.0")) { request, _ -> Response in
            Response.json(VersionDocument.render(baseURL: VersionDocument.baseURL(of: request) + prefix))
        }
        guard !prefix.isEmpty else { return }
        router.get(RouterPath(prefix)) { request, _ -> Response in
            let href = VersionDocument.baseURL(of: request) + prefix + "/v2.0/"
            return Response.json([
                "versions": [["id": "v2.0", "status": "CURRENT", "links": [["rel": "self", "href": .string(href)]]]],
            ])
        }
    }
}
