import Foundation

/// What an operation on a server needs to know before it runs: whose server it is (for
/// visibility and policy) and which host runs it (for routing). None of it changes in a
/// server's life — a server never changes project, user or host — so a host may keep it.
public struct ServerOwner: Sendable, Hashable {
    public var id: UUID
    public var projectID: String
    public var userID: String
    public var hostName: String

    public init(id: UUID, projectID: String, userID: String, hostName: String) {
        self.id = id
        self.projectID = projectID
        self.userID = userID
        self.hostName = hostName
    }

    public init(_ server: Server) {
        self.init(id: server.id, projectID: server.projectID, userID: server.userID, hostName: server.hostName)
    }
}
