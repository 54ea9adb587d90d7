import Foundation

/// The compute side's database, whichever backend holds it. A body runs inside one
/// transaction: everything it wrote commits together or, if it throws (or the connection
/// is lost), nothing does. Bodies are synchronous: GRDB cannot keep a transaction across
/// an `await`, and every write today is a batch decided before it starts (the per-server
/// and per-port locks make the reads before it safe); ARCHITECTURE "The store" says why.
public protocol ComputeStore: Sendable {
    /// Where the data is, for logs and banners: a path, or a URL with its password hidden.
    var location: String { get }

    /// Runs `body` in a read-only transaction, blocking the caller (the ledger's actor uses
    /// these: its engine and its rows change together).
    func readNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T
    /// Runs `body` in a read-write transaction, blocking the caller.
    func writeNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T

    /// As `readNow`, off the caller's thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T
    /// As `writeNow`, off the caller's thread.
    func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T

    /// Closes the connections (PostgreSQL); waits for none of the callers.
    func close() async
}
