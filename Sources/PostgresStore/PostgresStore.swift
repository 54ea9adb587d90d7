import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Store
import Synchronization

/// The compute store in PostgreSQL, through postgres-nio. A transaction holds one connection
/// of the pool (`pool_size`) and runs its synchronous body on one of as many threads of the
/// store's own, each statement waited for there: the bodies stay the ones SQLite runs, and no
/// event loop or cooperative thread waits. A body that throws, or a connection lost midway,
/// rolls the transaction back (the server drops it with the connection), so nothing is
/// half-written.
public final class PostgresStore: ComputeStore {
    public let location: String
    let configuration: PostgresConnection.Configuration
    let schema: String
    let logger: Logger
    /// Connections not lent to a transaction, with what each has prepared; more are opened,
    /// up to the pool size, on demand.
    private let idle = Mutex<[PostgresSession]>([])
    /// One permit per connection of the pool.
    private let permits: DispatchSemaphore
    private let threads: NIOThreadPool
    private let connectionCount = Atomic<Int>(0)

    init(location: PostgresLocation, poolSize: Int, schema: String, logger: Logger) {
        self.location = location.description
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        self.configuration = configuration
        self.schema = schema
        self.logger = logger
        self.permits = DispatchSemaphore(value: poolSize)
        self.threads = NIOThreadPool(numberOfThreads: poolSize)
    }

    /// Connects (retrying an unreachable server `attempts` times, a second apart: a database
    /// that starts with the host has that long) and migrates. `schema` other than `public`
    /// is created if missing and holds the tables (several stores in one database).
    public static func open(
        _ location: PostgresLocation, poolSize: Int, schema: String = "public", attempts: Int = 30, logger: Logger
    ) async throws -> PostgresStore {
        let store = PostgresStore(location: location, poolSize: poolSize, schema: schema, logger: logger)
        store.threads.start()
        var attempt = 1
        while true {
            do {
                try await store.threads.runIfActive { try store.writeNow { db in try PostgresSchema.migrate(db) } }
                return store
            } catch let error where Self.isUnreachable(error) && attempt < attempts {
                logger.warning("PostgreSQL at \(store.location) is unreachable (\(Self.reason(error))): retrying in 1 s (attempt \(attempt) of \(attempts))")
                attempt += 1
                try await Task.sleep(for: .seconds(1))
            } catch {
                await store.close()
                if Self.isUnreachable(error) {
                    throw PostgresStoreError("PostgreSQL at \(store.location) is unreachable after \(attempts) attempts a second apart: \(Self.reason(error))")
                }
                throw PostgresStoreError("PostgreSQL at \(store.location) could not be opened: \(Self.reason(error))")
            }
        }
    }

    /// A store dropped without `close()` (a test's) still closes its connections and threads.
    deinit {
        for session in idle.withLock({ $0 }) { Self.closeInBackground(session.connection) }
        threads.shutdownGracefully { _ in }
    }

    /// Closes without waiting; the connection lives until it is closed (postgres-nio
    /// requires a connection to be closed before it is released).
    static func closeInBackground(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    public func readNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try transaction(.read, body)
    }

    public func writeNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try transaction(.write, body)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await threads.runIfActive { try self.readNow(body) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await threads.runIfActive { try self.writeNow(body) }
    }

    public func close() async {
        let sessions = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle
        }
        for session in sessions { try? await session.connection.close() }
        try? await threads.shutdownGracefully()
    }

    /// The body on one connection, then its end (`PostgresExecutor.commit`: BEGIN and COMMIT
    /// only where a write transaction needs them); ROLLBACK when the body throws. An end that
    /// fails (the connection lost) is an error: the caller cannot tell whether the writes
    /// happened, and its undo policy applies.
    private func transaction<T>(_ mode: PostgresExecutor.Mode, _ body: (StoreTransaction) throws -> T) throws -> T {
        permits.wait()
        defer { permits.signal() }
        let session = try takeIdle() ?? connect()
        let executor = PostgresExecutor(session: session, mode: mode, logger: logger)
        var reusable = true
        defer {
            if reusable && !session.isClosed {
                idle.withLock { $0.append(session) }
            } else {
                Self.closeInBackground(session.connection)
            }
        }
        do {
            let result = try body(StoreTransaction(executor))
            try executor.commit()
            return result
        } catch {
            do { try executor.rollBack() } catch { reusable = false }
            throw error
        }
    }

    /// An idle connection still open: one the server closed meanwhile (a restart of
    /// PostgreSQL) is dropped, so that the first operation after an outage does not fail on it.
    private func takeIdle() -> PostgresSession? {
        idle.withLock { idle in
            while let session = idle.popLast() {
                if !session.isClosed { return session }
            }
            return nil
        }
    }

    private func connect() throws -> PostgresSession {
        let id = connectionCount.add(1, ordering: .relaxed).newValue
        let connection = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: id, logger: logger
        ).wait()
        let session = PostgresSession(connection: connection)
        if schema != "public" {
            let executor = PostgresExecutor(session: session, mode: .session, logger: logger)
            let quoted = "\"" + schema.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            do {
                do {
                    try executor.execute("CREATE SCHEMA IF NOT EXISTS \(quoted)", [])
                } catch let error as PSQLError where Self.schemaWasCreatedMeanwhile(error) {
                    // Another host created it between the check and the insert: it exists.
                }
                try executor.execute("SET search_path TO \(quoted)", [])
            } catch {
                Self.closeInBackground(connection)
                throw PostgresStoreError("cannot use schema \(schema): \(Self.reason(error))")
            }
        }
        return session
    }

    /// Refused, timed out or cut before a session began, or a server still starting
    /// (SQLSTATE 57P03): worth another attempt at start-up.
    static func isUnreachable(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            return error.code == .connectionError || error.code == .serverClosedConnection || error.code == .uncleanShutdown
                || error.serverInfo?[.sqlState] == "57P03"
        }
        return error is ChannelError || error is IOError || error is NIOConnectionError
    }

    /// `CREATE SCHEMA IF NOT EXISTS` is not atomic: hosts starting together on a new schema
    /// can both pass its check, and the loser's insert is refused as a duplicate (23505 on
    /// the catalog's unique index, or 42P06).
    static func schemaWasCreatedMeanwhile(_ error: PSQLError) -> Bool {
        ["23505", "42P06"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// postgres-nio's errors describe themselves generically; their debug text has the cause.
    static func reason(_ error: any Error) -> String {
        error is PSQLError ? String(reflecting: error) : "\(error)"
    }
}

public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
