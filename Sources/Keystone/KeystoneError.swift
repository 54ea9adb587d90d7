/// Why Keystone could not answer a question about a token. A refused token is not an
/// error (`TokenCheck.refused`); these are the cases where nobody knows.
public enum KeystoneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Keystone did not answer, or answered something that is not Keystone's answer.
    case unreachable(String)
    /// Keystone refused the service's own credentials or its right to validate tokens:
    /// a configuration problem the operator must fix.
    case serviceRefused(String)

    public var description: String {
        switch self {
        case .unreachable(let text), .serviceRefused(let text): text
        }
    }
}
