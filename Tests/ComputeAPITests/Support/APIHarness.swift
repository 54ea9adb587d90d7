import APICore
import ComputeAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import JSONModel
import TestSupport

/// Runs requests through the app's router exactly as the service assembles it:
/// `NoAuthMiddleware` (or, given an authenticator, `KeystoneAuthMiddleware`), then the
/// compute routes under `policy`.
struct APIHarness {
    let service: RecordingComputeService
    let policy: Policy
    let authenticator: (any CallerAuthenticator)?

    init(_ service: RecordingComputeService = RecordingComputeService(), policy: Policy = .novaDefaults,
         authenticator: (any CallerAuthenticator)? = nil) {
        self.service = service
        self.policy = policy
        self.authenticator = authenticator
    }

    @discardableResult
    func run<Value: Sendable>(_ body: @Sendable (APIClient) async throws -> Value) async throws -> Value {
        let router = Router(context: APIRequestContext.self)
        if let authenticator {
            router.add(middleware: KeystoneAuthMiddleware(authenticator: authenticator, keystoneURI: ScriptedAuthenticator.uri))
        } else {
            router.add(middleware: NoAuthMiddleware())
        }
        ComputeAPI(service: service, hostName: "compute-test", policy: policy).addRoutes(to: router)
        return try await Application(router: router).test(.router) { client in try await body(APIClient(client: client)) }
    }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol

    /// Tokens of the noauth strategy: `admin` (the default) or a member of `demo`.
    static let member = "alice:demo"

    /// `version` goes into both microversion headers, as every client sends them.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, version: String? = nil, token: String? = nil,
        json: JSON? = nil, raw: String? = nil, headers: HTTPFields = [:]
    ) async throws -> APIResponse {
        var fields = headers
        if let version {
            fields[.openStackAPIVersion] = "compute \(version)"
            fields[.xOpenStackNovaAPIVersion] = version
        }
        if let token { fields[.xAuthToken] = token }
        return try await client.send(method, uri, headers: fields, body: raw ?? json?.rendered)
    }

    func get(_ uri: String, version: String? = nil, token: String? = nil) async throws -> APIResponse {
        try await send(.get, uri, version: version, token: token)
    }

    func post(_ uri: String, _ json: JSON, version: String? = nil, token: String? = nil) async throws -> APIResponse {
        try await send(.post, uri, version: version, token: token, json: json)
    }

    func delete(_ uri: String, version: String? = nil, token: String? = nil) async throws -> APIResponse {
        try await send(.delete, uri, version: version, token: token)
    }
}
