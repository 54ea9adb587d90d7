import Foundation

/// A server (instance) as the compute service knows it.
public struct Server: Sendable, Hashable, Codable {
    public var id: UUID
    public var name: String
    public var projectID: String
    public var userID: String
    public var flavorID: String
    public var imageID: String?
    public var vmState: VMState
    /// `nil` when no operation is in progress (attach/detach never set one, as Nova).
    public var taskState: String?
    public var locked: Bool
    public var lockedReason: String?
    /// Nova's `locked_by`: who locked the server, `owner` (its project) or `admin` (anyone
    /// else); only an admin may lift an admin's lock. Absent in servers stored before it.
    public var lockedBy: LockedBy?
    public var hostName: String
    /// The host NUMA nodes the server is pinned to, when its flavor asks for a topology.
    public var numaCells: [Int]?
    public var metadata: [String: String]
    /// The scheduler hints the server was created with (`nil` in servers stored before
    /// they were kept: shown as none, as Nova shows a server without a request spec).
    public var schedulerHints: [String: [String]]?
    public var createdAt: Date
    public var updatedAt: Date
    public var launchedAt: Date?
    /// Why the server is in ERROR, when its create found no host (nil otherwise, and in
    /// servers stored before it was kept).
    public var fault: ServerFault?

    public init(
        id: UUID, name: String, projectID: String, userID: String, flavorID: String, imageID: String?,
        vmState: VMState, taskState: String? = nil, locked: Bool = false, lockedReason: String? = nil,
        hostName: String, numaCells: [Int]? = nil, metadata: [String: String] = [:],
        schedulerHints: [String: [String]]? = nil, createdAt: Date, updatedAt: Date, launchedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.projectID = projectID
        self.userID = userID
        self.flavorID = flavorID
        self.imageID = imageID
        self.vmState = vmState
        self.taskState = taskState
        self.locked = locked
        self.lockedReason = lockedReason
        self.hostName = hostName
        self.numaCells = numaCells
        self.metadata = metadata
        self.schedulerHints = schedulerHints
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.launchedAt = launchedAt
    }
}

/// Nova's `instance.locked_by`.
public enum LockedBy: String, Sendable, Hashable, Codable {
    case owner, admin

    /// Who a caller locks as: the server's own project is its owner, everyone else (an
    /// admin of another project) is `admin`.
    public static func caller(_ context: RequestContext, of server: Server) -> LockedBy {
        context.projectID == server.projectID ? .owner : .admin
    }
}
