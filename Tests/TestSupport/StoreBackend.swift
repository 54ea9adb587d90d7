import Foundation
import Logging
import PostgresStore
import SQLiteStore
import Store

/// The backends the store tests run on: SQLite always, PostgreSQL when
/// `SRIOV_TEST_POSTGRES_URL` names a database (the postgres stage sets it). Each store a
/// test opens is empty: a SQLite file or memory of its own, or a PostgreSQL schema of its own.
public enum StoreBackend: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqlite, postgres

    public static let environmentVariable = "SRIOV_TEST_POSTGRES_URL"

    /// The PostgreSQL the environment names; nil without one. A URL that does not parse is
    /// a failure of the run, not a reason to skip.
    public static var postgresURL: PostgresLocation? {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable], !text.isEmpty else { return nil }
        do {
            guard let location = try PostgresLocation(url: text) else { fatalError("\(environmentVariable) is not a postgres:// URL") }
            return location
        } catch {
            fatalError("\(environmentVariable): \(error)")
        }
    }

    /// SQLite, and PostgreSQL when the environment names one.
    public static var available: [StoreBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// The backend the tests that build a whole host use: PostgreSQL when named, else SQLite.
    public static var hosts: StoreBackend { postgresURL == nil ? .sqlite : .postgres }

    public var description: String { rawValue }

    /// A new empty store.
    public func open() async throws -> any ComputeStore {
        switch self {
        case .sqlite: try SQLiteStore.inMemory()
        case .postgres: try await Self.postgres(schema: Self.newSchemaName())
        }
    }

    /// The store in `schema` (created if missing), for tests that reopen one as a restart.
    public static func postgres(schema: String) async throws -> PostgresStore {
        guard let url = postgresURL else { throw StoreError.missing("\(environmentVariable)") }
        var logger = Logger(label: "store-test")
        logger.logLevel = .critical
        return try await PostgresStore.open(url, poolSize: 2, schema: schema, attempts: 1, logger: logger)
    }

    public static func newSchemaName() -> String {
        "test_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
    }
}
