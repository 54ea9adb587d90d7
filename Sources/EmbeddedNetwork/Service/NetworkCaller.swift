import NetworkModel

/// Who calls the CRUD API, for project isolation: a non-admin sees its own project's and
/// shared networks and only its own ports; an admin sees everything.
public struct NetworkCaller: Sendable, Hashable {
    public var projectID: String
    public var isAdmin: Bool

    public init(projectID: String, isAdmin: Bool) {
        self.projectID = projectID
        self.isAdmin = isAdmin
    }

    /// The compute manager's view (Nova's admin client).
    public static let admin = NetworkCaller(projectID: "admin", isAdmin: true)

    func owns(_ projectID: String) -> Bool { isAdmin || projectID == self.projectID }
}
