import APICore
import ComputeModel
import Hummingbird
import JSONModel

/// `/v2.1/os-sriov-audit` (admin only; an extension of this service, not Nova's): the last
/// audit's report with the totals since start (GET), or an audit run now (POST,
/// `{"heal": true}` to heal what it can prove).
struct AuditRoutes {
    let service: any ComputeService

    /// No body, or `{"heal": true|false}`.
    static let body = Schema([
        .type([.object, .null]), .properties([(name: "heal", schema: Schema([.type([.boolean])]))]), .additionalProperties(false),
    ])

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/os-sriov-audit") { request in
            try request.authorize("os_compute_api:os-sriov-audit:show")
            return .json(AuditReportView.status(try await service.auditStatus(context: request.computeContext)))
        }
        routes.on(.post, "/v2.1/os-sriov-audit") { request in
            try request.authorize("os_compute_api:os-sriov-audit:run")
            let body = try await request.validatedBody(Self.body)
            let heal = body["heal"]?.boolValue ?? false
            let report = try await service.runAudit(heal: heal, context: request.computeContext)
            return .json(["audit": AuditReportView.report(report)])
        }
    }
}
