import Hummingbird

/// `GET /` (outside microversion control, as in Nova) and `GET /v2.1[/]`.
struct VersionRoutes {
    func register(on routes: RouteTable) {
        routes.on(.get, "/", versioned: false) { request in
            .json(VersionDocuments.versions(links: request.links))
        }
        routes.on(.get, "/v2.1") { request in
            .json(VersionDocuments.v21(links: request.links))
        }
    }
}
