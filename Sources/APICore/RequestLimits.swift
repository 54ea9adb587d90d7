import Hummingbird

/// The limits every request of both APIs meets before routing (URL, query, headers) and
/// when its body is read (size, JSON depth and keys), each refused with a 4xx that names
/// the limit, in the answering API's fault shape.
public enum RequestLimits {
    /// Nova's paste pipeline refuses bodies over oslo's `max_request_body_size` (112 KiB by
    /// default); a user_data of 64 KiB base64 and a long networks list fit well within 1 MiB.
    public static let maximumBodyBytes = 1 << 20
    /// eventlet's `MAX_REQUEST_LINE`, which Nova's server applies.
    public static let maximumTargetBytes = 8_192
    public static let maximumQueryParameters = 256
    /// eventlet's `MAX_HEADER_LINE`.
    public static let maximumHeaderValueBytes = 8_192
    public static let maximumHeaderFields = 100
    public static let maximumHeaderBytes = 65_536

    /// Why the request is refused before routing, or nil.
    public static func refusal(of head: HTTPRequest) -> RequestRefusal? {
        let target = head.path ?? ""
        if target.utf8.count > maximumTargetBytes {
            return RequestRefusal(status: 414, message: "The request URL is longer than \(maximumTargetBytes) bytes.")
        }
        if let query = target.firstIndex(of: "?").map({ target[target.index(after: $0)...] }),
           query.split(separator: "&", omittingEmptySubsequences: true).count > maximumQueryParameters {
            return RequestRefusal(status: 400, message: "The request has more than \(maximumQueryParameters) query parameters.")
        }
        if head.headerFields.count > maximumHeaderFields {
            return RequestRefusal(status: 431, message: "The request has more than \(maximumHeaderFields) header fields.")
        }
        var total = 0
        for field in head.headerFields {
            let size = field.name.rawName.utf8.count + field.value.utf8.count
            if field.value.utf8.count > maximumHeaderValueBytes {
                return RequestRefusal(status: 431, message: "The request header \(field.name.canonicalName) is longer than \(maximumHeaderValueBytes) bytes.")
            }
            total += size
        }
        if total > maximumHeaderBytes {
            return RequestRefusal(status: 431, message: "The request headers are larger than \(maximumHeaderBytes) bytes.")
        }
        if let length = head.headerFields[.contentLength].flatMap({ Int($0) }), length > maximumBodyBytes {
            return RequestRefusal(status: 413, message: "Request is too large.")
        }
        return nil
    }
}

/// A request refused by a limit: the status and the text the client is shown.
public struct RequestRefusal: Error, Sendable, Hashable {
    public var status: Int
    public var message: String

    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }
}

/// The edge of both APIs: refuses requests over `RequestLimits` before they reach a route,
/// and answers what no route takes (an unknown path, a method a path does not have) with
/// a 404 instead of the router's empty one. `render` writes either in the fault shape of
/// the API the path belongs to.
public struct RequestGuardMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext

    let render: @Sendable (RequestRefusal, Request) -> Response

    public init(render: @escaping @Sendable (RequestRefusal, Request) -> Response) {
        self.render = render
    }

    public func handle(
        _ request: Request, context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        if let refusal = RequestLimits.refusal(of: request.head) {
            context.logger.notice("request refused before routing: \(refusal.message)", metadata: ["request_id": "\(context.requestID)"])
            return render(refusal, request)
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // The router's own "no route": webob's text, as Nova and Neutron answer it.
            return render(RequestRefusal(status: 404, message: "The resource could not be found."), request)
        }
    }
}
