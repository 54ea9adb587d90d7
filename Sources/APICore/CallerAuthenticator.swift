/// What resolves a caller's token into an identity for the `keystone` strategy
/// (`KeystoneAuthMiddleware`); the app gives it Keystone's token validator.
public protocol CallerAuthenticator: Sendable {
    func authenticate(token: String) async -> Authentication
}

public enum Authentication: Sendable, Hashable {
    case identity(Identity)
    /// Unknown, expired or revoked: 401.
    case refused
    /// Nobody could tell: 503 with this reason.
    case unavailable(String)
}
