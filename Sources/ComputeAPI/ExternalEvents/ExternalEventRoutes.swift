import APICore
import ComputeModel
import Hummingbird
import JSONModel

/// `POST /v2.1/os-server-external-events` (Nova's `server_external_events.py`): what
/// Neutron's notifier sends when a port of a server changes, is plugged or is deleted.
/// Each event is answered with its own `code` and `status`: 200 `completed` when it is
/// taken, 404 for a server that does not exist, 400 for an event missing the tag it needs,
/// 422 for a server on no host; the answer is 200 when all were taken, 207 otherwise, and
/// 404 "No instances found for any event" when none was.
struct ExternalEventRoutes {
    /// Nova's rule; its default is `rule:service_or_admin` (`NovaPolicyDefaults`), so
    /// Neutron's user with role `service` may send events.
    static let createRule = "os_compute_api:os-server-external-events:create"

    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.post, "/v2.1/os-server-external-events") { try await create($0) }
    }

    /// In Nova's order: the body's schema, then the policy, then the events.
    private func create(_ request: ComputeRequest) async throws -> Response {
        let body = try await request.validatedBody(ExternalEventsBody.schema(for: request.version))
        try request.authorize(Self.createRule)
        let events = ExternalEventsBody.events(from: body)
        // Events name any project's servers: once the rule allowed the sender, they are
        // handled with Nova's elevated context.
        let dispositions = try await service.deliverExternalEvents(events.map(\.event), context: request.elevatedContext)
        guard dispositions.contains(.accepted) else { throw APIFault.notFound("No instances found for any event") }
        let answered = zip(events, dispositions).map { sent, disposition -> JSON in
            var echoed = sent.sent
            echoed["status"] = .string(disposition == .accepted ? ExternalEvent.Status.completed.rawValue : ExternalEvent.Status.failed.rawValue)
            echoed["code"] = .int(Self.code(disposition))
            return .object(echoed)
        }
        let allTaken = dispositions.allSatisfy { $0 == .accepted }
        return .json(["events": .array(answered)], status: allTaken ? .ok : HTTPResponse.Status(code: 207))
    }

    static func code(_ disposition: ExternalEvent.Disposition) -> Int {
        switch disposition {
        case .accepted: 200
        case .serverNotFound: 404
        case .tagMissing: 400
        case .serverWithoutHost: 422
        case .hostUnavailable: 409
        }
    }
}
