import APICore
import ComputeModel
import Foundation
import Hummingbird

/// One compute API request with what every handler needs: the negotiated microversion,
/// the caller, the link root and the parsed query string.
struct ComputeRequest: Sendable {
    let request: Request
    let context: APIRequestContext
    let version: Microversion
    let links: LinkBuilder
    let query: QueryParameters
    let policy: Policy
    /// Nova's `context.is_admin`: the caller passes `context_is_admin`.
    let isAdmin: Bool

    init(request: Request, context: APIRequestContext, version: Microversion, links: LinkBuilder, policy: Policy) {
        self.request = request
        self.context = context
        self.version = version
        self.links = links
        self.policy = policy
        query = QueryParameters(query: request.uri.query)
        isAdmin = policy.isAdmin(context.identity)
    }

    /// The caller as the compute service sees it; the request id is the one echoed in
    /// `x-compute-request-id`, so instance actions can be found by it.
    var computeContext: ComputeModel.RequestContext {
        ComputeModel.RequestContext(
            userID: context.identity.userID, projectID: context.identity.projectID,
            isAdmin: isAdmin, requestID: context.requestID)
    }

    /// Nova's `context.elevated()`: the caller with admin rights, for what a rule has
    /// already allowed on every project's servers (the external events).
    var elevatedContext: ComputeModel.RequestContext {
        var context = computeContext
        context.isAdmin = true
        return context
    }

    /// Whether the request's microversion is at least `2.<minor>`.
    func atLeast(_ minor: Int) -> Bool { version.supports(.v2(minor)) }

    /// A path parameter (always present: the route declared it).
    func parameter(_ name: String) -> String {
        context.parameters.get(name).map { $0.removingPercentEncoding ?? $0 } ?? ""
    }

    /// The `{server_id}` of the path. Nova looks servers up by UUID only, so anything else
    /// is an unknown instance (which is what makes OSC fall back to a name search).
    func serverID(_ name: String = "server_id") throws(APIFault) -> UUID {
        let text = parameter(name)
        guard SchemaFormat.isUUIDLike(text), let id = UUID.fromUUIDLike(text) else {
            throw .notFound("Instance \(text) could not be found.")
        }
        return id
    }

    /// The body as JSON (`nil` when empty), its objects in the client's key order.
    /// Not JSON at all → Nova's "Malformed request body"; over a limit → 413 or 400 naming it.
    func body() async throws -> RequestBody {
        switch try await request.jsonBody() {
        case .success(let json):
            return RequestBody(json: json)
        case .failure(.json(.malformed)):
            throw APIFault.malformedBody
        case .failure(let refusal):
            throw APIFault(status: refusal.status, message: refusal.message)
        }
    }

    /// The body checked against a request schema; an empty body is validated as `null`,
    /// as Nova validates it.
    func validatedBody(_ schema: Schema) async throws -> JSON {
        let body = try await body()
        let json = body.json ?? .null
        if let violation = SchemaValidator.firstViolation(of: json, against: schema) {
            throw APIFault.badRequest(violation.bodyMessage)
        }
        return json
    }

    /// The query string checked against a query schema (every value is a list of strings).
    func validateQuery(_ schema: Schema) throws(APIFault) {
        if let violation = SchemaValidator.firstViolation(of: query.json, against: schema) {
            throw .badRequest(violation.queryMessage)
        }
    }

    /// Nova's `context.can(rule, target={'project_id': context.project_id})`, for what is
    /// not one server's: 403 with Nova's policy text when the rule refuses the caller.
    func authorize(_ rule: String) throws(APIFault) {
        try policy.authorize(rule, context.identity, target: PolicyTarget(projectID: context.identity.projectID, userID: context.identity.userID))
    }

    /// As Nova's server-scoped handlers: the server is loaded first (404 when unknown or
    /// another project's), then `rule` is checked against the project that owns it.
    @discardableResult
    func authorize(_ rule: String, server id: UUID, service: any ComputeService) async throws -> Server {
        let server = try await service.server(id: id, context: computeContext)
        try policy.authorize(rule, context.identity, target: PolicyTarget(projectID: server.projectID, userID: server.userID))
        return server
    }

    /// `authorize(rule, server:)` before an operation on the server, from its owner alone
    /// (`ComputeService.serverOwner`: the operation reads the server itself, under its
    /// lock): answers the service that runs it (`ComputeService.service(running:)`), so that
    /// nothing reads where it runs a second time.
    func authorizeOperation(_ rule: String, server id: UUID, service: any ComputeService) async throws -> any ComputeService {
        let owner = try await service.serverOwner(id: id, context: computeContext)
        try policy.authorize(rule, context.identity, target: PolicyTarget(projectID: owner.projectID, userID: owner.userID))
        return service.service(running: owner)
    }
}
