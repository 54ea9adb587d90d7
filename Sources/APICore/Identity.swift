/// Who sent a request, as the auth strategy resolved it.
public struct Identity: Sendable, Hashable {
    public var userID: String
    public var projectID: String
    public var isAdmin: Bool

    public init(userID: String, projectID: String, isAdmin: Bool) {
        self.userID = userID
        self.projectID = projectID
        self.isAdmin = isAdmin
    }

    /// DESIGN §7 `noauth`: `X-Auth-Token: <user>:<project>`; the user `admin` is an admin.
    /// No token, or one without a colon (the `notused` of `auth_type: none` clients), is
    /// the admin of project `admin`.
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
