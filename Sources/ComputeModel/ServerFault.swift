import Foundation

/// Nova's instance fault: why a server is in ERROR when no instance action says it to the
/// server's view (`"fault"` of `GET /servers/{id}`). Recorded for a create that no host
/// could take (`No valid host was found…`).
public struct ServerFault: Sendable, Hashable, Codable {
    /// The HTTP-like code Nova records with the fault (500 for NoValidHost).
    public var code: Int
    public var message: String
    public var createdAt: Date

    public init(code: Int, message: String, createdAt: Date) {
        self.code = code
        self.message = message
        self.createdAt = createdAt
    }

    /// Nova's `NoValidHost` as the scheduler records it when no host passes its filters.
    public static func noValidHost(at date: Date) -> ServerFault {
        ServerFault(code: 500, message: "No valid host was found. There are not enough hosts available.", createdAt: date)
    }
}
