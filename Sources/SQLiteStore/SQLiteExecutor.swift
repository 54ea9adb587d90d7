import Foundation
import GRDB
import Store

/// A GRDB transaction as the repositories use it: cached statements, GRDB's own date text
/// (written by `DatabaseTimestamp`).
struct SQLiteExecutor: SQLExecutor {
    let db: Database

    var insertionOrder: String { "rowid" }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func query<T>(_ sql: String, _ arguments: [StoreValue], _ map: (any StoreRow) throws -> T) throws -> [T] {
        var results: [T] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments))
        while let row = try rows.next() { results.append(try map(SQLiteRow(row: row))) }
        return results
    }

    /// Handed to GRDB as optional existentials: its initialiser for a sequence of one
    /// concrete type (`[DatabaseValue]`) builds a key path on every call, which cost more
    /// than the rest of binding a statement's values.
    static func arguments(_ values: [StoreValue]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: nil
            case .text(let text): text
            case .integer(let number): number
            case .real(let number): number
            case .date(let date): DatabaseTimestamp(date).databaseValue
            }
        })
    }
}

/// A row of a cursor, read while the cursor stands on it.
struct SQLiteRow: StoreRow {
    let row: Row

    func string(_ column: Int) throws -> String? { try read(column, String.self) }
    func int(_ column: Int) throws -> Int? { try read(column, Int.self) }
    func date(_ column: Int) throws -> Date? { try read(column, Date.self) }

    /// Null is nil; a value of another type is an error (GRDB's subscript would trap).
    private func read<T: DatabaseValueConvertible>(_ column: Int, _ type: T.Type) throws -> T? {
        let value: DatabaseValue = row[column]
        if value.isNull { return nil }
        guard let converted = T.fromDatabaseValue(value) else {
            throw StoreError.unreadable("column \(column) ('\(value)' is no \(T.self))")
        }
        return converted
    }
}
