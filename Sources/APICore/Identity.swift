/// Who sent a request, as the auth strategy resolved it.
public struct Identity: Sendable, Hashable {
    public var userID: String
    /// Empty for a token not scoped to a project.
    public var projectID: String
    /// Keystone's role names (with the implied ones Keystone expands: admin → member → reader).
    public var roles: Set<String>
    /// Nova's `context_is_admin` (`role:admin`): sees and acts on every project's resources.
    public var isAdmin: Bool

    public init(userID: String, projectID: String, roles: Set<String>) {
        self.userID = userID
        self.projectID = projectID
        self.roles = roles
        isAdmin = roles.contains("admin")
    }

    /// An identity with the roles Keystone's bootstrap implies: admin → member → reader.
    public init(userID: String, projectID: String, isAdmin: Bool) {
        self.init(userID: userID, projectID: projectID, roles: isAdmin ? ["admin", "manager", "member", "reader"] : ["member", "reader"])
    }

    /// DESIGN §7 `noauth`: `X-Auth-Token: <user>:<project>`; the user `admin` is an admin,
    /// anyone else a member. No token, or one without a colon (the `notused` of
    /// `auth_type: none` clients), is the admin of project `admin`.
    public static func noAuth(token: String?) -> Identity {
        guard let token, let colon = token.firstIndex(of: ":") else {
            return Identity(userID: "admin", projectID: "admin", isAdmin: true)
        }
        let user = String(token[..<colon])
        let project = String(token[token.index(after: colon)...])
        guard !user.isEmpty, !project.isEmpty else {
            return Identity(userID: "admin", projectID: "admin", isAdmin: true)
        }
        return Identity(userID: user, projectID: project, isAdmin: user == "admin")
    }
}
