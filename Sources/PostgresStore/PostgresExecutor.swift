import Foundation
import Logging
import PostgresNIO
import Store

/// A PostgreSQL transaction as the repositories use it: each statement one round trip on the
/// connection the transaction holds, waited for on the store's own threads (never an event
/// loop's, never the cooperative pool's: see `PostgresStore`).
struct PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection
    let logger: Logger

    var insertionOrder: String { "seq" }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func query<T>(_ sql: String, _ arguments: [StoreValue], _ map: (any StoreRow) throws -> T) throws -> [T] {
        try run(sql, arguments).rows.map { try map(PostgresStoreRow(row: $0.makeRandomAccess())) }
    }

    private func run(_ sql: String, _ arguments: [StoreValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .text(let text): binds.append(text)
            case .integer(let number): binds.append(number)
            case .real(let number): binds.append(number)
            case .date(let date): binds.append(date)
            }
        }
        return try connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger).wait()
    }

    /// The repositories' `?` placeholders as PostgreSQL's `$1`, `$2`… (none stands inside a
    /// quoted literal in their SQL, but quotes are skipped all the same).
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var count = 0, quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                count += 1
                result += "$\(count)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}

struct PostgresStoreRow: StoreRow {
    let row: PostgresRandomAccessRow

    func string(_ column: Int) throws -> String? { try row[column].decode(String?.self) }
    func int(_ column: Int) throws -> Int? { try row[column].decode(Int?.self) }
    func date(_ column: Int) throws -> Date? { try row[column].decode(Date?.self) }
}
