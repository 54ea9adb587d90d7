import Foundation

/// A value bound to a statement: the few types the store's columns hold. Each backend
/// binds them in its own way (GRDB's date text on SQLite, `timestamptz` on PostgreSQL).
public enum StoreValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int)
    case real(Double)
    case date(Date)

    public init(_ text: String?) { self = text.map(StoreValue.text) ?? .null }
    public init(_ number: Int?) { self = number.map(StoreValue.integer) ?? .null }
    public init(_ date: Date?) { self = date.map(StoreValue.date) ?? .null }
    /// Booleans are 0 and 1 on both backends.
    public init(_ flag: Bool) { self = .integer(flag ? 1 : 0) }
    /// Ids are stored as `UUID.uuidString` (upper case), as the first schema wrote them.
    public init(_ id: UUID?) { self = id.map { .text($0.uuidString) } ?? .null }
}
