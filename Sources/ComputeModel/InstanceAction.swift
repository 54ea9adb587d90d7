import Foundation

/// A recorded operation on a server (`os-instance-actions`), with its events.
public struct InstanceAction: Sendable, Hashable, Codable {
    public struct Event: Sendable, Hashable, Codable {
        /// e.g. `compute_attach_interface`.
        public var name: String
        public var startTime: Date
        public var finishTime: Date?
        /// `Success` or `Error`; `nil` while running.
        public var result: String?
        /// The failure, for admins (Nova's `traceback`); also shown as `details` (2.84).
        public var details: String?
        public var hostName: String

        public init(name: String, startTime: Date, finishTime: Date? = nil, result: String? = nil, details: String? = nil, hostName: String) {
            self.name = name
            self.startTime = startTime
            self.finishTime = finishTime
            self.result = result
            self.details = details
            self.hostName = hostName
        }
    }

    /// e.g. `attach_interface`, `detach_interface`, `create`, `delete`, `lock`.
    public var action: String
    public var instanceUUID: UUID
    public var requestID: String
    public var userID: String
    public var projectID: String
    public var startTime: Date
    public var updatedAt: Date
    /// A short failure message (Nova sets "Error" when an event failed).
    public var message: String?
    public var events: [Event]

    public init(
        action: String, instanceUUID: UUID, requestID: String, userID: String, projectID: String, startTime: Date,
        updatedAt: Date, message: String? = nil, events: [Event] = []
    ) {
        self.action = action
        self.instanceUUID = instanceUUID
        self.requestID = requestID
        self.userID = userID
        self.projectID = projectID
        self.startTime = startTime
        self.updatedAt = updatedAt
        self.message = message
        self.events = events
    }
}
