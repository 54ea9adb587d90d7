import Foundation

/// `postgres://user:password@host:port/database`, read once at start-up so that a bad URL
/// stops it with the reason, and shown everywhere with the password hidden.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// Nil for a URL that is not `postgres://` (or `postgresql://`) at all; throws the reason
    /// for one that is, but is incomplete.
    public init?(url text: String) throws(PostgresLocationError) {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else { return nil }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw PostgresLocationError("expected postgres://user:password@host:port/database, got '\(Self.redacting(text))'")
        }
        guard let user = components.user, !user.isEmpty else { throw PostgresLocationError("no user in '\(Self.redacting(text))'") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("no database name after the host in '\(Self.redacting(text))'")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw PostgresLocationError("port \(port) is out of range in '\(Self.redacting(text))'")
        }
        guard components.queryItems?.isEmpty ?? true else {
            throw PostgresLocationError("options after '?' are not supported in '\(Self.redacting(text))'")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
    }

    /// The URL with the password as `***`.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// `text` with whatever stands between `user:` and `@` hidden.
    static func redacting(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
              let colon = text[scheme.upperBound..<at.lowerBound].firstIndex(of: ":")
        else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at.lowerBound...])
    }
}

public struct PostgresLocationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
