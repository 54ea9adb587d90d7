import Logging
import NIOCore
import PostgresNIO
import Store

/// One connection of the store's pool, with the statements prepared on it.
///
/// PostgreSQL parses and plans a statement sent as text every time it comes: the attach's
/// commit, a six-part `WITH`, took 0.5 ms of the server's time that way, three times its
/// execution. A statement prepared once on the connection is only bound and executed after.
/// The repositories' SQL is a fixed set of texts (and the batches' combinations of them), so
/// a session prepares a text the first time it runs it — one more round trip, once per
/// connection — and runs it by name from then on (`PostgresExecutor.start`).
///
/// `@unchecked Sendable`: a session is lent to one transaction at a time — `PostgresStore`
/// takes it from its `Mutex`-guarded idle list and puts it back there, which orders every
/// access — and only that transaction's thread reads or changes `prepared`.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    /// The statements prepared on the connection, by the SQL they were made from and
    /// their arguments' types (which the prepared text's casts carry).
    private var prepared: [StatementKey: PreparedQuery] = [:]

    struct StatementKey: Hashable {
        var sql: String
        /// Each argument's kind: null, text, integer, real, date.
        var types: [UInt8]

        init(sql: String, arguments: [StoreValue]) {
            self.sql = sql
            types = arguments.map { argument in
                switch argument {
                case .null: 0
                case .text: 1
                case .integer: 2
                case .real: 3
                case .date: 4
                }
            }
        }
    }

    /// At most this many statements are prepared on one connection: the repositories make
    /// far fewer, and a text beyond them runs unprepared (as every text did before), so a
    /// long-lived connection's memory in the server stays bounded.
    static let capacity = 256
    /// A longer text runs unprepared: a bulk upsert of many devices is run once, at a
    /// host's inventory sync, and preparing it would cost a round trip and save nothing.
    static let longestPrepared = 16_384

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    var isClosed: Bool { connection.isClosed }

    func statement(_ key: StatementKey) -> PreparedQuery? { prepared[key] }

    /// Whether a statement not prepared yet may be: short enough, and room for it.
    func mayPrepare(_ sql: String) -> Bool {
        sql.utf8.count <= Self.longestPrepared && prepared.count < Self.capacity
    }

    /// A statement prepared on the connection stays there until the connection closes,
    /// whatever becomes of the transaction it was prepared in (preparation is not
    /// transactional in PostgreSQL).
    func keep(_ statement: PreparedQuery, for key: StatementKey) {
        prepared[key] = statement
    }
}
