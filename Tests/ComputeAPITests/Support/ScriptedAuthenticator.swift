import APICore

/// The `keystone` strategy's authenticator with Keystone's answers written in advance:
/// each known token is an identity; `down` is the token whose validation finds Keystone
/// unreachable; anything else is refused.
struct ScriptedAuthenticator: CallerAuthenticator {
    static let uri = "http://keystone.test:5000/v3"
    static let down = "token-while-keystone-is-down"

    /// Keystone's bootstrap roles: admin → member → reader.
    static let identities: [String: Identity] = [
        "admin-token": Identity(userID: "admin", projectID: "admin", roles: ["admin", "member", "reader"]),
        "member-token": Identity(userID: "alice", projectID: "demo", roles: ["member", "reader"]),
        "reader-token": Identity(userID: "rita", projectID: "demo", roles: ["reader"]),
        "other-token": Identity(userID: "bob", projectID: "other", roles: ["member", "reader"]),
        "service-token": Identity(userID: "neutron", projectID: "service", roles: ["service"]),
    ]

    func authenticate(token: String) async -> Authentication {
        if token == Self.down { return .unavailable("Keystone at \(Self.uri) is unreachable: connection refused") }
        return Self.identities[token].map(Authentication.identity) ?? .refused
    }
}
