import Foundation

/// One open transaction of a backend, as the repositories use it: statements with `?`
/// placeholders, run synchronously inside the transaction the backend opened. Everything a
/// backend differs in (how a statement runs, how values are bound and read, the schema)
/// stays behind it, so the repositories' SQL is written once for SQLite and PostgreSQL.
public protocol SQLExecutor {
    /// Runs a statement that returns no rows; the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int
    /// Runs a query and maps each row in order. A query reads: PostgreSQL runs the ones
    /// before a body's first write outside its transaction (under READ COMMITTED they see
    /// the same there), so a statement that takes a lock goes through `execute`.
    func query<T>(_ sql: String, _ arguments: [StoreValue], _ map: (any StoreRow) throws -> T) throws -> [T]
    /// Runs a statement whose row count nobody reads. A backend may hold it and send it
    /// later, with the writes after it, as one statement: it then fails, at the latest, the
    /// next statement waited for or the end of the body, and the transaction writes nothing.
    func send(_ sql: String, _ arguments: [StoreValue]) throws
    /// The column that orders rows as they were inserted (`rowid` on SQLite, an identity
    /// column on PostgreSQL).
    var insertionOrder: String { get }
}

/// One row of a result, read by column index. A value of the wrong type is an error, never nil.
public protocol StoreRow {
    func string(_ column: Int) throws -> String?
    func int(_ column: Int) throws -> Int?
    func date(_ column: Int) throws -> Date?
}

extension SQLExecutor {
    /// Runs it at once (SQLite: a statement is a function call, nothing to save).
    public func send(_ sql: String, _ arguments: [StoreValue]) throws {
        try execute(sql, arguments)
    }
}

extension StoreRow {
    /// A column that must hold a value.
    public func required(_ column: Int, _ what: @autoclosure () -> String) throws -> String {
        guard let value = try string(column) else { throw StoreError.unreadable("\(what()) (column \(column) is null)") }
        return value
    }

    /// A UUID column; text that is no UUID is an error.
    public func uuid(_ column: Int) throws -> UUID? {
        guard let text = try string(column) else { return nil }
        guard let id = UUID(uuidString: text) else { throw StoreError.unreadable("'\(text)' is not a UUID") }
        return id
    }
}
