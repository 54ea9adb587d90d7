import AsyncHTTPClient
import Foundation
import JSONModel
import NIOCore
import NIOHTTP1

/// The two calls the service makes to Keystone's v3 API over one shared `HTTPClient`:
/// issuing its own token and validating a caller's.
public final class KeystoneClient: Sendable {
    public let configuration: KeystoneConfiguration
    let client: HTTPClient

    /// What Keystone said of a token it was asked to validate.
    public enum Validation: Sendable, Hashable {
        case valid(KeystoneToken)
        /// 404 (unknown, expired or revoked) or 401 for the subject token.
        case refused
        /// Keystone refused the service's own token (expired or revoked under it).
        case serviceTokenRefused
    }

    public init(configuration: KeystoneConfiguration) {
        self.configuration = configuration
        var settings = HTTPClient.Configuration()
        settings.connectionPool.retryConnectionEstablishment = false
        settings.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// `POST /v3/auth/tokens` with the configured credentials: the token (`X-Subject-Token`)
    /// and what it is.
    public func issueServiceToken() async throws(KeystoneError) -> (token: String, details: KeystoneToken) {
        let answer = try await call(.POST, "/auth/tokens", headers: [:], body: Self.authBody(configuration.credentials))
        switch answer.status {
        case 201, 200:
            guard let token = answer.subjectToken, !token.isEmpty, let details = KeystoneToken(body: answer.body) else {
                throw .unreachable("Keystone at \(configuration.root) issued a token without X-Subject-Token or a readable body")
            }
            return (token, details)
        case 400, 401, 403, 404:
            throw .serviceRefused("Keystone at \(configuration.root) refused the service's credentials "
                + "(\(configuration.credentials.summary)): HTTP \(answer.status) \(answer.message)")
        default:
            throw .unreachable("Keystone at \(configuration.root) answered HTTP \(answer.status) to the service's authentication")
        }
    }

    /// `GET /v3/auth/tokens` with `X-Subject-Token` (HEAD is refused to the `service` role).
    public func validate(_ subject: String, serviceToken: String) async throws(KeystoneError) -> Validation {
        let answer = try await call(.GET, "/auth/tokens", headers: ["X-Auth-Token": serviceToken, "X-Subject-Token": subject], body: nil)
        switch answer.status {
        case 200:
            guard let details = KeystoneToken(body: answer.body) else {
                throw .unreachable("Keystone at \(configuration.root) validated a token with a body that is not a token")
            }
            return .valid(details)
        case 404:
            return .refused
        case 401:
            // Keystone answers 401 for the service's token; the subject's is a 404.
            return .serviceTokenRefused
        case 403:
            throw .serviceRefused("Keystone at \(configuration.root) does not let \(configuration.credentials.summary) "
                + "validate tokens (HTTP 403: give it the service or admin role)")
        default:
            throw .unreachable("Keystone at \(configuration.root) answered HTTP \(answer.status) to a token validation")
        }
    }

    struct Answer {
        var status: Int
        var subjectToken: String?
        var body: JSON?

        var message: String { body?["error"]?["message"]?.stringValue ?? "" }
    }

    private func call(_ method: HTTPMethod, _ path: String, headers: [String: String], body: JSON?) async throws(KeystoneError) -> Answer {
        var request = HTTPClientRequest(url: configuration.root + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "sriov-compute")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.rendered))
        }
        let (seconds, attoseconds) = configuration.timeout.components
        let deadline = NIODeadline.now() + .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(request, deadline: deadline)
            let buffer = try await response.body.collect(upTo: 1 << 20)
            let data = Data(buffer.readableBytesView)
            return Answer(status: Int(response.status.code), subjectToken: response.headers.first(name: "X-Subject-Token"),
                          body: data.isEmpty ? nil : JSON.parse(data))
        } catch {
            throw .unreachable("Keystone at \(configuration.root) is unreachable: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let client = error as? HTTPClientError, client == .deadlineExceeded { return "no answer within the timeout" }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }

    static func authBody(_ credentials: KeystoneCredentials) -> JSON {
        switch credentials {
        case .password(let password):
            return ["auth": [
                "identity": ["methods": ["password"], "password": ["user": [
                    "name": .string(password.userName), "password": .string(password.password),
                    "domain": ["name": .string(password.userDomain)],
                ]]],
                "scope": ["project": ["name": .string(password.projectName), "domain": ["name": .string(password.projectDomain)]]],
            ]]
        case .applicationCredential(let id, let secret):
            return ["auth": ["identity": [
                "methods": ["application_credential"],
                "application_credential": ["id": .string(id), "secret": .string(secret)],
            ]]]
        }
    }
}
