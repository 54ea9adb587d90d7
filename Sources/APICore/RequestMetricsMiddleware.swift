import Hummingbird

/// Counts every answer, by API, matched route (the pattern, so ids stay out of labels),
/// method and status, including the refusals of the request limits and the errors thrown
/// past the routes. Outermost, so that nothing answers without being counted; the counts
/// go to `record` (the service's metrics), so that APICore names no metrics library.
public struct RequestMetricsMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext

    public struct Answer: Sendable {
        public var path: String
        public var route: String
        public var method: String
        public var status: Int
    }

    let record: @Sendable (Answer) -> Void

    public init(record: @escaping @Sendable (Answer) -> Void) {
        self.record = record
    }

    public func handle(
        _ request: Request, context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            record(answer(request, context, status: response.status.code))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(answer(request, context, status: status))
            throw error
        }
    }

    private func answer(_ request: Request, _ context: APIRequestContext, status: Int) -> Answer {
        // The router sets the endpoint in a box the middleware's copy of the context shares.
        Answer(path: request.uri.path, route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: status)
    }
}
