import ArgumentParser
import JSONModel
import PostgresStore

/// `sriov-compute bench attach`: starts the service on a fake host in a scratch folder,
/// listening on loopback, and measures attach/detach through its HTTP API.
struct BenchAttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach/detach latency and throughput through the HTTP API (simulated hypervisor, zero removal delay)."
    )

    @Option(help: "Comma-separated numbers of servers working in parallel.")
    var servers = "1,64"

    @Option(help: "Attach+detach cycles per server.")
    var cycles = 200

    @Option(help: "The port the service listens on during the benchmark (0: any free port).")
    var port = 0

    @Flag(help: "Run as an operator would: metrics recorded (as with [metrics] listen) and JSON logs at info, to a file.")
    var observed = false

    @Option(help: "Also run with the compute store on this PostgreSQL (postgres://user:password@host:port/database), in a schema of the run's own dropped at the end; each line says its database.")
    var database: String?

    func validate() throws {
        guard parsedServers != nil else { throw ValidationError("--servers: expected e.g. 1,64 (each 1…128), got '\(servers)'") }
        guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1") }
        guard port == 0 || (1024...65535).contains(port) else { throw ValidationError("--port must be 0 or 1024…65535") }
        if let database { _ = try BenchService.postgresLocation(database) }
    }

    var parsedServers: [Int]? {
        let values = servers.split(separator: ",").compactMap { Int($0) }
        return values.count == servers.split(separator: ",").count && values.allSatisfy({ (1...128).contains($0) }) && !values.isEmpty ? values : nil
    }

    func run() async throws {
        // SQLite, then the same run on PostgreSQL when named, then the two side by side.
        let postgres = try database.map(BenchService.postgresLocation)
        var lines: [String: [Int: JSONObject]] = [:]
        for store in [nil] + (postgres.map { [$0] } ?? []) {
            let name = store == nil ? "sqlite" : "postgres"
            try await BenchService.run(fakeHost: .init(numaNodes: 2, pfCount: 8, vfsPerPF: 16), port: port, named: "attach",
                                       observed: observed, postgres: store) { api, _ in
                for count in parsedServers ?? [1] {
                    let benchmark = AttachBenchmark(servers: count, cycles: cycles, api: api)
                    var line = try await benchmark.run()
                    line["database"] = .string(name)
                    line["observed"] = .bool(observed)
                    line["loadavg_1m"] = .figure(BenchPCICommand.loadAverage())
                    line.print()
                    lines[name, default: [:]][count] = line
                }
            }
        }
        guard postgres != nil else { return }
        for count in parsedServers ?? [1] {
            var line: JSONObject = ["bench": "attach_detach_by_database"]
            line["servers"] = .int(count)
            for name in ["sqlite", "postgres"] {
                guard let run = lines[name]?[count] else { continue }
                var figures: JSONObject = [:]
                figures["attach_p50_ms"] = run["attach_ms"]?["p50"] ?? .null
                figures["detach_p50_ms"] = run["detach_ms"]?["p50"] ?? .null
                figures["cycles_per_s"] = run["cycles_per_s"] ?? .null
                line[name] = .object(figures)
            }
            // Issue 12's targets for PostgreSQL: attach p50 at most 3 ms; with 64 servers, 200 cycles/s.
            line["target_postgres_attach_p50_ms"] = 3.0
            if count == 64 { line["target_postgres_cycles_per_s"] = 200.0 }
            line["loadavg_1m"] = .figure(BenchPCICommand.loadAverage())
            line.print()
        }
    }
}
