/// Who is asking: resolved by the API's auth layer, checked by the compute service for
/// project isolation and admin-only operations.
public struct RequestContext: Sendable, Hashable, Codable {
    public var userID: String
    public var projectID: String
    public var isAdmin: Bool
    /// `req-<uuid>`, echoed in `x-openstack-request-id` and recorded on instance actions.
    public var requestID: String

    public init(userID: String, projectID: String, isAdmin: Bool, requestID: String) {
        self.userID = userID
        self.projectID = projectID
        self.isAdmin = isAdmin
        self.requestID = requestID
    }
}
