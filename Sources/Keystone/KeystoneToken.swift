import Foundation
import JSONModel

/// What Keystone says a token is: the `token` object of `POST` or `GET /v3/auth/tokens`.
public struct KeystoneToken: Sendable, Hashable {
    public var userID: String
    public var userName: String
    /// Empty for a token not scoped to a project (domain or system scope).
    public var projectID: String
    public var projectName: String
    public var roles: Set<String>
    public var expiresAt: Date

    public init(userID: String, userName: String, projectID: String, projectName: String, roles: Set<String>, expiresAt: Date) {
        self.userID = userID
        self.userName = userName
        self.projectID = projectID
        self.projectName = projectName
        self.roles = roles
        self.expiresAt = expiresAt
    }

    /// Reads `{"token": {...}}`; `nil` when it is not a token Keystone would send.
    public init?(body: JSON?) {
        guard let token = body?["token"], let user = token["user"], let userID = user["id"]?.stringValue,
              let expires = token["expires_at"]?.stringValue, let expiresAt = Self.date(expires) else { return nil }
        self.userID = userID
        userName = user["name"]?.stringValue ?? ""
        projectID = token["project"]?["id"]?.stringValue ?? ""
        projectName = token["project"]?["name"]?.stringValue ?? ""
        roles = Set((token["roles"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        self.expiresAt = expiresAt
    }

    /// Keystone writes `2026-12-06T09:20:01.000000Z`; the fraction is dropped, so the
    /// expiry read is never later than the real one.
    static func date(_ text: String) -> Date? {
        var whole = Substring(text)
        if let dot = whole.firstIndex(of: ".") {
            let zone = whole[dot...].drop { $0 == "." || $0.isNumber }
            whole = whole[..<dot] + zone
        }
        if !whole.hasSuffix("Z"), !whole.contains("+") { whole += "Z" }
        return try? Date(String(whole), strategy: .iso8601)
    }
}
