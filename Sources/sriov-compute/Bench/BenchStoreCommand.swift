import ArgumentParser
import Foundation
import JSONModel
import Logging
import PostgresStore
import SQLiteStore
import Store

/// `sriov-compute bench store`: what one transaction costs each backend, from the caller's
/// side — a read of one row, and a write of three statements nobody reads — one caller at a
/// time and many at once. It isolates the store's round trips from the rest of an attach.
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Transaction latency of the compute store (SQLite, and PostgreSQL when named)."
    )

    @Option(help: "Transactions per caller.")
    var transactions = 2000

    @Option(help: "Callers at once in the parallel run.")
    var callers = 16

    @Option(help: "Also run on this PostgreSQL (postgres://user:password@host:port/database), in a schema of the run's own dropped at the end.")
    var database: String?

    func validate() throws {
        guard transactions >= 1 else { throw ValidationError("--transactions must be at least 1") }
        guard (1...256).contains(callers) else { throw ValidationError("--callers must be 1…256") }
        if let database { _ = try BenchService.postgresLocation(database) }
    }

    func run() async throws {
        let directory = ScratchFolder.fastest() + "/sriov-bench-store-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await measure(try SQLiteStore.open(path: directory + "/compute.sqlite"), named: "sqlite")
        guard let database else { return }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let schema = "sriov_bench_store_\(getpid())"
        let store = try await PostgresStore.open(try BenchService.postgresLocation(database), poolSize: callers, schema: schema, logger: logger)
        // The run's schema is dropped and the store closed whether the run succeeded or not.
        let run: Result<Void, any Error>
        do {
            try await measure(store, named: "postgres")
            run = .success(())
        } catch {
            run = .failure(error)
        }
        let dropped = Result { try store.writeNow { db in try db.executor.execute("DROP SCHEMA \(schema) CASCADE", []) } }
        await store.close()
        try run.get()
        _ = try dropped.get()
    }

    private func measure(_ store: any ComputeStore, named name: String) async throws {
        let id = UUID().uuidString
        try await store.write { db in
            try db.executor.send("INSERT INTO flavors (id, name, flavor, created_at) VALUES (?, ?, ?, ?)", [.text(id), .text(id), .text("{}"), .date(Date())])
        }
        let read: @Sendable (StoreTransaction) throws -> Void = { db in
            _ = try db.executor.query("SELECT flavor FROM flavors WHERE id = ?", [.text(id)]) { try $0.string(0) }
        }
        let write: @Sendable (StoreTransaction) throws -> Void = { db in
            for _ in 0..<3 { try db.executor.send("UPDATE flavors SET flavor = ? WHERE id = ?", [.text("{}"), .text(id)]) }
        }
        for (kind, body, isWrite) in [("read_one_row", read, false), ("write_three_statements", write, true)] {
            for parallel in [1, callers] {
                let started = Stopwatch.nanoseconds()
                let samples = try await withThrowingTaskGroup(of: [UInt64].self) { group in
                    for _ in 0..<parallel {
                        group.addTask {
                            var samples: [UInt64] = []
                            samples.reserveCapacity(transactions)
                            for _ in 0..<transactions {
                                let t0 = Stopwatch.nanoseconds()
                                if isWrite { try await store.write(body) } else { try await store.read(body) }
                                samples.append(Stopwatch.nanoseconds() - t0)
                            }
                            return samples
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                let elapsed = Double(Stopwatch.nanoseconds() - started) / 1e9
                let summary = LatencySummary(nanoseconds: samples)
                var line: JSONObject = ["bench": "store_transaction", "database": .string(name), "transaction": .string(kind)]
                line["callers"] = .int(parallel)
                line["transactions_per_s"] = .figure(Double(samples.count) / elapsed)
                line["latency_us"] = .object(["p50": .figure(summary.p50), "p99": .figure(summary.p99), "mean": .figure(summary.mean)])
                line["loadavg_1m"] = .figure(BenchPCICommand.loadAverage())
                line.print()
            }
        }
    }
}
