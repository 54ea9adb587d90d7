import APICore
import EmbeddedNetwork
import Hummingbird
import NetworkModel

/// `GET /v2.0/extensions` (the CLI aborts `port create` without it) and
/// `GET /v2.0/extensions/{alias}`.
enum ExtensionRoutes {
    static func register(on group: RouterGroup<APIRequestContext>) {
        group.get("extensions") { _, _ -> Response in
            Response.json(["extensions": .array(ExtensionCatalog.all.map(\.json))])
        }
        group.get("extensions/:id") { _, context -> Response in
            let alias = NeutronResponder.id(context)
            guard let found = ExtensionCatalog.find(alias) else {
                return NeutronErrorResponse.response(
                    for: NetworkFault(.notFound, type: "HTTPNotFound", message: "Extension with alias \(alias) does not exist"))
            }
            return Response.json(["extension": found.json])
        }
    }
}
