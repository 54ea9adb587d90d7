import ArgumentParser
import App
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import PostgresStore

/// The service as the HTTP benchmarks run it: a fake host in a scratch folder, the
/// simulated hypervisor with no removal delay, listening on loopback, and a client for it.
enum BenchService {
    /// `--database`'s URL read, or the reason it cannot be, as the option's error.
    static func postgresLocation(_ url: String) throws -> PostgresLocation {
        do {
            guard let location = try PostgresLocation(url: url) else { throw ValidationError("--database: expected postgres://user:password@host:port/database") }
            return location
        } catch let error as PostgresLocationError {
            throw ValidationError("--database: \(error)")
        }
    }

    static func run(
        fakeHost: ServiceConfiguration.FakeHost, port: Int, named name: String, observed: Bool = false,
        postgres: PostgresLocation? = nil, _ body: (ServiceClient, SRIOVService) async throws -> Void
    ) async throws {
        let directory = ScratchFolder.fastest() + "/sriov-bench-\(name)-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = ServiceConfiguration.embedded(dataDirectory: directory, port: port)
        configuration.fakeHost = fakeHost
        configuration.removalDelay = .zero
        if let postgres {
            // A schema of the run's own in that database, dropped at the end.
            configuration.databaseURL = postgres
            configuration.databaseSchema = "sriov_bench_\(name)_\(getpid())"
        }
        var logger = Logger(label: "bench")
        // Cancelling the server at the end makes Hummingbird log its shutdown as errors.
        logger.logLevel = .critical
        if observed {
            // What an operator runs with: metrics recorded, JSON logs at info (to a file
            // in the scratch folder, as a log shipper would read them).
            configuration.metricsListen = .init(host: "127.0.0.1", port: 0)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: directory + "/service.log", contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/service.log"))
            logger = Logger(label: "bench") { JSONLogHandler(label: $0) { line in log.write(Data(line.utf8)) } }
            logger.logLevel = .info
        }
        let service = try await SRIOVService.start(configuration, logger: logger)
        defer {
            if postgres != nil {
                let schema = configuration.databaseSchema
                try? service.database.writeNow { db in try db.executor.execute("DROP SCHEMA \(schema) CASCADE", []) }
            }
        }
        // The benchmark talks to the port its own server bound, never to whatever else
        // may be listening on a fixed one.
        let (bound, reportPort) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: service.router(),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "sriov-compute"),
            onServerRunning: { channel in
                reportPort.yield(channel.localAddress?.port ?? 0)
                reportPort.finish()
            },
            logger: logger)
        let serving = Task { try await app.runService() }
        defer { serving.cancel() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var ports = bound.makeAsyncIterator()
            guard let listening = await ports.next(), listening > 0 else {
                try await serving.value
                throw ValidationFailure("the service did not start listening on 127.0.0.1:\(port)")
            }
            try await body(ServiceClient(client: client, base: "http://127.0.0.1:\(listening)"), service)
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
