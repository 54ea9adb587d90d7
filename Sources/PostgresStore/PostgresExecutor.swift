import Foundation
import Logging
import NIOCore
import PostgresNIO
import Store

/// A PostgreSQL transaction as the repositories use it, on the connection the transaction
/// holds, waited for on the store's own threads (never an event loop's, never the
/// cooperative pool's: see `PostgresStore`).
///
/// postgres-nio runs a connection's statements one at a time, each a round trip through its
/// event loop (~130 µs here, whether the caller waits for it or not), so what a transaction
/// costs is the number of statements on the wire. The executor keeps that number down:
/// - **Writes nobody reads (`send`) are held** and go, at the next statement the body waits
///   for or at its end, as one statement: a data-modifying `WITH` of the held writes
///   (`PostgresWriteBatch`).
/// - **BEGIN is sent only before a write that other statements follow.** Under READ
///   COMMITTED (the default, and the store's) each statement of a transaction takes its own
///   snapshot, so the reads before a body's first write are no different outside it; and a
///   body whose writes went as one statement needs no BEGIN or COMMIT: one statement is
///   atomic on its own. `query` is for reads: a lock is taken with `execute`.
/// - **A read-only body runs without BEGIN and COMMIT**, for the same reason; it refuses
///   writes itself, as `BEGIN READ ONLY` did.
///
/// - **A text runs prepared** on its connection after its first run (`PostgresSession`): the
///   server parses and plans it once per connection, not at every run.
///
/// Statements sent and not yet waited for are waited for, in one wake-up of this thread,
/// with the next one waited for. The first statement the database refuses is kept: every
/// later statement, and the end of the transaction, fails with it, so a body that swallowed
/// the error (`try?`) still writes nothing.
final class PostgresExecutor: SQLExecutor {
    enum Mode {
        /// A read-only transaction: statements run on their own, writes are refused.
        case read
        /// A read-write transaction, begun before a write that other statements follow.
        case write
        /// Statements on the session, outside any transaction (the connection's set-up).
        case session
    }

    let session: PostgresSession
    var connection: PostgresConnection { session.connection }
    let logger: Logger
    let mode: Mode
    /// Writes not yet sent, oldest first.
    private var held = PostgresWriteBatch()
    /// Statements sent and not yet waited for, oldest first.
    private var unconfirmed: [EventLoopFuture<Outcome>] = []
    /// Whether BEGIN was sent (a write transaction's statements after it are inside it).
    private var began = false
    /// The first statement of the transaction that failed.
    private(set) var failure: (any Error)?

    /// What a statement returned: its rows, and the rows it changed when that is known (a
    /// prepared statement's run does not report it).
    struct Outcome {
        var rows: [PostgresRow]
        var changed: Int?
    }

    init(session: PostgresSession, mode: Mode, logger: Logger) {
        self.session = session
        self.mode = mode
        self.logger = logger
    }

    var insertionOrder: String { "seq" }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try refuseWriteInReadMode(sql)
        return try wait(for: statement(sql, arguments, writes: true, counted: true)).changed ?? 0
    }

    func query<T>(_ sql: String, _ arguments: [StoreValue], _ map: (any StoreRow) throws -> T) throws -> [T] {
        try wait(for: statement(sql, arguments, writes: false)).rows.map { try map(PostgresStoreRow(row: $0.makeRandomAccess())) }
    }

    func send(_ sql: String, _ arguments: [StoreValue]) throws {
        if let failure { throw failure }
        try refuseWriteInReadMode(sql)
        if mode == .session {
            unconfirmed.append(try start(sql, arguments))
        } else {
            held.append(sql, arguments)
        }
    }

    /// Ends the transaction that succeeded: the held writes go — as the whole transaction,
    /// when they are one statement and nothing else went — then COMMIT once BEGIN was sent;
    /// all waited for. A failure here is the caller's to handle as an unknown outcome (the
    /// connection may be lost).
    func commit() throws {
        if let failure { throw failure }
        if !began, let only = held.takeIfSingle() {
            _ = try wait(for: start(only.sql, only.arguments))
            return
        }
        if !held.isEmpty { try beginIfNeeded() }
        try flushHeld()
        if began {
            _ = try wait(for: start("COMMIT", []))
        } else if let last = unconfirmed.popLast() {
            _ = try wait(for: last)
        }
    }

    /// Ends the transaction after a failure: the held writes are dropped (they never left);
    /// what was sent is waited for, then ROLLBACK if BEGIN was sent. Throws when the
    /// connection cannot (it must then be closed: the server drops the transaction with it).
    func rollBack() throws {
        held = PostgresWriteBatch()
        let queued = unconfirmed
        unconfirmed = []
        _ = try? EventLoopFuture.whenAllComplete(queued, on: connection.eventLoop).wait()
        if began { _ = try connection.query("ROLLBACK", logger: logger).wait() }
    }

    /// A statement that is waited for. In a write transaction it goes after BEGIN and the
    /// writes held before it — unless it is a read and no write went yet: under READ
    /// COMMITTED a read inside the transaction sees nothing more than one before it, so the
    /// reads a body starts with need no BEGIN (a body of reads then writes is its reads and
    /// one statement of writes, with no BEGIN or COMMIT at all).
    private func statement(_ sql: String, _ arguments: [StoreValue], writes: Bool, counted: Bool = false) throws -> EventLoopFuture<Outcome> {
        if let failure { throw failure }
        if writes || !held.isEmpty { try beginIfNeeded() }
        try flushHeld()
        return try start(sql, arguments, counted: counted)
    }

    private func beginIfNeeded() throws {
        guard mode == .write && !began else { return }
        unconfirmed.append(try start("BEGIN", []))
        began = true
    }

    /// Sends the held writes, as few statements as they can be, not waited for.
    private func flushHeld() throws {
        for statement in held.take() { unconfirmed.append(try start(statement.sql, statement.arguments)) }
    }

    private func refuseWriteInReadMode(_ sql: String) throws {
        guard mode == .read else { return }
        throw PostgresStoreError("a read-only transaction cannot run: \(sql.prefix(60))")
    }

    /// Sends a statement without waiting for it; refused once a statement has failed (the
    /// transaction is aborted: nothing more would run). It runs prepared (preparing it
    /// first on this connection if it is new here), unless its changed-row count is wanted
    /// (`counted`: a prepared run does not report it) or the session prepares no more.
    private func start(_ sql: String, _ arguments: [StoreValue], counted: Bool = false) throws -> EventLoopFuture<Outcome> {
        if let failure { throw failure }
        if !counted, let prepared = prepared(sql, arguments) {
            return prepared.execute(arguments.map(Self.data(of:))).map { Outcome(rows: $0, changed: nil) }
        }
        let text = Self.numbered(sql, typedBy: arguments)
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments { binds.append(Self.data(of: argument)) }
        return connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger)
            .map { Outcome(rows: $0.rows, changed: $0.metadata.rows) }
    }

    /// The statement prepared on the session for the SQL with arguments of these types
    /// (numbered and typed only when new: the lookup is by the repositories' text); a new
    /// one is prepared now, waited for (behind the
    /// statements sent before it: a statement must reach the server in the order it was
    /// made, so its run cannot wait in the event loop for its preparation while later ones
    /// go). Nil when it is not to be prepared (`PostgresSession.mayPrepare`), or its
    /// preparation failed: it then runs as text, and fails in its turn with the error that
    /// counts (an earlier statement's, when the transaction was aborted before it).
    private func prepared(_ sql: String, _ arguments: [StoreValue]) -> PreparedQuery? {
        let key = PostgresSession.StatementKey(sql: sql, arguments: arguments)
        if let statement = session.statement(key) { return statement }
        guard session.mayPrepare(sql) else { return nil }
        guard let statement = try? connection.prepare(query: Self.numbered(sql, typedBy: arguments)).wait() else { return nil }
        session.keep(statement, for: key)
        return statement
    }

    /// A value as postgres-nio binds it, prepared or not (binary, typed as `cast(of:)` says).
    static func data(of value: StoreValue) -> PostgresData {
        switch value {
        case .null: .null
        case .text(let text): PostgresData(string: text)
        case .integer(let number): PostgresData(int: number)
        case .real(let number): PostgresData(double: number)
        case .date(let date): PostgresData(date: date)
        }
    }

    /// Waits, in one wake-up, for `last` and every statement queued before it; the first
    /// failure among them is the transaction's.
    private func wait(for last: EventLoopFuture<Outcome>) throws -> Outcome {
        let queued = unconfirmed + [last]
        unconfirmed = []
        let results = try EventLoopFuture.whenAllComplete(queued, on: connection.eventLoop).wait()
        for case .failure(let error) in results where failure == nil { failure = error }
        if let failure { throw failure }
        return try results[results.count - 1].get()
    }

    /// The repositories' `?` placeholders as PostgreSQL's `$1`, `$2`… (none stands inside a
    /// quoted literal in their SQL, but quotes are skipped all the same), each cast to its
    /// argument's type: a prepared statement's parameters get their types from its text
    /// (postgres-nio declares none when it prepares), as a text statement's get them from
    /// the values bound; a null's is left to the context, as a bound null's is. Byte by
    /// byte: a batch's statement is kilobytes, and walking it by `Character` cost more
    /// than its round trip.
    static func numbered(_ sql: String, typedBy arguments: [StoreValue] = []) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(sql.utf8.count + 16 * arguments.count + 64)
        var count = 0, quoted = false
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "'") { quoted.toggle() }
            if byte == UInt8(ascii: "?") && !quoted {
                count += 1
                result.append(UInt8(ascii: "$"))
                result.append(contentsOf: String(count).utf8)
                if count <= arguments.count { result.append(contentsOf: Self.cast(of: arguments[count - 1]).utf8) }
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The types postgres-nio binds each value as.
    private static func cast(of value: StoreValue) -> String {
        switch value {
        case .null: ""
        case .text: "::text"
        case .integer: "::int8"
        case .real: "::float8"
        case .date: "::timestamptz"
        }
    }
}

/// A row of a result. postgres-nio asks for every result column in binary (its `Bind`
/// always does), but a prepared statement's rows carry the formats of the statement's
/// description, which says text (postgres-nio 1.33 relabels an unnamed statement's
/// columns, not a prepared one's): each cell is read as the binary it is.
struct PostgresStoreRow: StoreRow {
    let row: PostgresRandomAccessRow

    func string(_ column: Int) throws -> String? { try cell(column).decode(String?.self) }
    func int(_ column: Int) throws -> Int? { try cell(column).decode(Int?.self) }
    func date(_ column: Int) throws -> Date? { try cell(column).decode(Date?.self) }

    private func cell(_ column: Int) -> PostgresCell {
        var cell = row[column]
        cell.format = .binary
        return cell
    }
}
