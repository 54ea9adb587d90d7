import APICore
import EmbeddedNetwork
import Hummingbird
import NetworkModel

/// Runs a route body as the caller the auth middleware resolved and turns a
/// `NetworkFault` into Neutron's error response.
enum NeutronResponder {
    static func respond(
        _ context: APIRequestContext, _ body: (NetworkCaller) async throws(NetworkFault) -> Response
    ) async -> Response {
        let caller = NetworkCaller(projectID: context.identity.projectID, isAdmin: context.identity.isAdmin)
        do {
            return try await body(caller)
        } catch {
            return NeutronErrorResponse.response(for: error)
        }
    }

    /// The path's `{id}`; the router only matches when it is there.
    static func id(_ context: APIRequestContext) -> String {
        context.parameters.get("id") ?? ""
    }
}
