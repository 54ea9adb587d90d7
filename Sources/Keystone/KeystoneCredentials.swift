/// How the service proves who it is to Keystone: a user's password scoped to a project,
/// or an application credential (which carries its own project and roles).
public enum KeystoneCredentials: Sendable, Hashable {
    case password(Password)
    case applicationCredential(id: String, secret: String)

    public struct Password: Sendable, Hashable {
        public var userName: String
        public var password: String
        public var userDomain: String
        public var projectName: String
        public var projectDomain: String

        public init(userName: String, password: String, userDomain: String = "Default", projectName: String,
                    projectDomain: String = "Default") {
            self.userName = userName
            self.password = password
            self.userDomain = userDomain
            self.projectName = projectName
            self.projectDomain = projectDomain
        }
    }

    /// Who, for log lines and errors (never the secret).
    public var summary: String {
        switch self {
        case .password(let password): "user \(password.userName) in project \(password.projectName)"
        case .applicationCredential(let id, _): "application credential \(id)"
        }
    }
}
