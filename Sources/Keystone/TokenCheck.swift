/// The answer about a caller's token.
public enum TokenCheck: Sendable, Hashable {
    case valid(KeystoneToken)
    /// Keystone does not know it, or it expired or was revoked: 401.
    case refused
    /// Nobody could tell (Keystone unreachable, or the service's own credentials refused):
    /// 503 with the reason, never read as a refusal.
    case unavailable(String)
}
