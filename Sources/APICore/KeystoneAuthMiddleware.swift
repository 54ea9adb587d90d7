import Hummingbird

/// The `keystone` strategy: every request but the version documents must carry an
/// `X-Auth-Token` that Keystone validates; the identity is what Keystone says of the
/// token, never what the client's own headers (`X-Roles`, `X-Project-Id`, …) claim.
/// Refusals are keystonemiddleware's: 401 with `WWW-Authenticate: Keystone uri="…"`, and
/// 503 when Keystone cannot be asked. Stamps the request id as `NoAuthMiddleware` does.
public struct KeystoneAuthMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext

    let authenticator: any CallerAuthenticator
    /// Keystone's public URL, for `WWW-Authenticate`.
    let keystoneURI: String

    public init(authenticator: any CallerAuthenticator, keystoneURI: String) {
        self.authenticator = authenticator
        self.keystoneURI = keystoneURI
    }

    /// Version discovery is open, as Nova's and Neutron's (`/`, `/v2.1`, `/v2.0`, and the
    /// roots the printed clouds.yaml gives the clients).
    static let openPaths: Set<String> = ["/", "/v2.1", "/v2.1/", "/v2", "/v2/", "/image", "/image/", "/networking", "/networking/"]

    public func handle(
        _ request: Request, context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.adoptRequestID(from: request)
        var response: Response
        if request.method == .get || request.method == .head, Self.openPaths.contains(request.uri.path) {
            response = try await next(request, context)
        } else if let token = request.headers[.xAuthToken], !token.isEmpty {
            switch await authenticator.authenticate(token: token) {
            case .identity(let identity):
                context.identity = identity
                response = try await next(request, context)
            case .refused:
                response = unauthorized
            case .unavailable(let reason):
                context.logger.error("token validation failed: \(reason)", metadata: ["request_id": "\(context.requestID)"])
                response = Self.refusal(503, "Service Unavailable",
                                        "The identity service (Keystone) cannot validate tokens now: \(reason). Please try again later.")
            }
        } else {
            response = unauthorized
        }
        response.headers[.xOpenStackRequestID] = context.requestID
        return response
    }

    private var unauthorized: Response {
        var response = Self.refusal(401, "Unauthorized", "The request you have made requires authentication.")
        response.headers[.wwwAuthenticate] = "Keystone uri=\"\(keystoneURI)\""
        return response
    }

    /// keystonemiddleware's error body, which Nova and Neutron clients both read.
    static func refusal(_ code: Int, _ title: String, _ message: String) -> Response {
        .json(["error": ["code": .int(code), "title": .string(title), "message": .string(message)]],
              status: HTTPResponse.Status(code: code))
    }
}
