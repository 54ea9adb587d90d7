import APICore
import Keystone
import NetworkModel
import NeutronClient

/// The `keystone` strategy's authenticator: what Keystone says of the token becomes the
/// caller's identity (its user, project and roles, nothing the client claims itself).
struct KeystoneAuthenticator: CallerAuthenticator {
    let validator: TokenValidator

    func authenticate(token: String) async -> Authentication {
        switch await validator.check(token) {
        case .valid(let details): .identity(Identity(userID: details.userID, projectID: details.projectID, roles: details.roles))
        case .refused: .refused
        case .unavailable(let reason): .unavailable(reason)
        }
    }
}

/// The Neutron client's token: the service's own, from the same source that validates
/// callers' tokens, so one authentication serves both.
struct KeystoneNeutronTokens: NeutronTokenSource {
    let source: ServiceTokenSource

    func token() async throws(NetworkError) -> String {
        do {
            return try await source.token()
        } catch {
            throw .unavailable("cannot authenticate with Keystone to call Neutron: \(error)")
        }
    }

    func refused(_ token: String) async {
        await source.invalidate(token)
    }
}
