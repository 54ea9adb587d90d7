import App
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging

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

    func validate() throws {
        guard parsedServers != nil else { throw ValidationError("--servers: expected e.g. 1,64 (each 1…128), got '\(servers)'") }
        guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1") }
        guard port == 0 || (1024...65535).contains(port) else { throw ValidationError("--port must be 0 or 1024…65535") }
    }

    var parsedServers: [Int]? {
        let values = servers.split(separator: ",").compactMap { Int($0) }
        return values.count == servers.split(separator: ",").count && values.allSatisfy({ (1...128).contains($0) }) && !values.isEmpty ? values : nil
    }

    func run() async throws {
        let directory = ScratchFolder.fastest() + "/sriov-bench-attach-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = ServiceConfiguration.embedded(dataDirectory: directory, port: port)
        configuration.fakeHost = .init(numaNodes: 2, pfCount: 8, vfsPerPF: 16)
        configuration.removalDelay = .zero
        var logger = Logger(label: "bench")
        // Cancelling the server at the end makes Hummingbird log its shutdown as errors.
        logger.logLevel = .critical
        let service = try await SRIOVService.start(configuration, logger: logger)
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
            let api = ServiceClient(client: client, base: "http://127.0.0.1:\(listening)")
            for count in parsedServers ?? [1] {
                let benchmark = AttachBenchmark(servers: count, cycles: cycles, api: api)
                var line = try await benchmark.run()
                line["loadavg_1m"] = .double(BenchPCICommand.loadAverage())
                line.print()
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
