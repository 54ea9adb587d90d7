import Foundation
import Logging
import NIOCore
import PostgresNIO
import Store

/// A PostgreSQL transaction as the repositories use it, on the connection the transaction
/// holds, waited for on the store's own threads (never an event loop's, never the
/// cooperative pool's: see `PostgresStore`).
///
/// Statements whose answer the body does not need (BEGIN, and the writes sent with `send`)
/// are queued on the connection and not waited for: the connection runs its statements in
/// order, so the next statement the body waits for (or the COMMIT) waits for them too, in one
/// wake-up of this thread instead of one each. The first statement the database refuses is
/// kept: every later statement, and the COMMIT, fails with it, so a body that swallowed the
/// error (`try?`) still writes nothing — PostgreSQL would otherwise answer the COMMIT of an
/// aborted transaction with a silent ROLLBACK.
final class PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection
    let logger: Logger
    /// Statements sent and not yet waited for, oldest first.
    private var unconfirmed: [EventLoopFuture<PostgresQueryResult>] = []
    /// The first statement of the transaction that failed.
    private(set) var failure: (any Error)?

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    var insertionOrder: String { "seq" }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try wait(for: start(sql, arguments)).metadata.rows ?? 0
    }

    func query<T>(_ sql: String, _ arguments: [StoreValue], _ map: (any StoreRow) throws -> T) throws -> [T] {
        try wait(for: start(sql, arguments)).rows.map { try map(PostgresStoreRow(row: $0.makeRandomAccess())) }
    }

    func send(_ sql: String, _ arguments: [StoreValue]) throws {
        unconfirmed.append(try start(sql, arguments))
    }

    /// Ends the transaction: waits for what is still queued and sends ROLLBACK, whatever
    /// failed before. Throws when the connection cannot (it must then be closed: the server
    /// drops the transaction with it).
    func rollBack() throws {
        let queued = unconfirmed
        unconfirmed = []
        _ = try? EventLoopFuture.whenAllComplete(queued, on: connection.eventLoop).wait()
        _ = try connection.query("ROLLBACK", logger: logger).wait()
    }

    /// Sends a statement without waiting for it; refused once a statement has failed (the
    /// transaction is aborted: nothing more would run).
    private func start(_ sql: String, _ arguments: [StoreValue]) throws -> EventLoopFuture<PostgresQueryResult> {
        if let failure { throw failure }
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
        return connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger)
    }

    /// Waits, in one wake-up, for `last` and every statement queued before it; the first
    /// failure among them is the transaction's.
    private func wait(for last: EventLoopFuture<PostgresQueryResult>) throws -> PostgresQueryResult {
        let queued = unconfirmed + [last]
        unconfirmed = []
        let results = try EventLoopFuture.whenAllComplete(queued, on: connection.eventLoop).wait()
        for case .failure(let error) in results where failure == nil { failure = error }
        if let failure { throw failure }
        return try results[results.count - 1].get()
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
