import AsyncHTTPClient
import ArgumentParser
import Foundation
import JSONModel
import Logging
import PostgresStore

/// `sriov-compute bench cluster`: several hosts on one PostgreSQL, each a real `sriov-compute
/// serve` child on a fake host of its own, servers spread over them, and a client per server
/// doing attach+detach cycles through its host's API, all at once. Prints one line per host
/// and one for the whole cluster: cycles/s, attach p50s, and the share of each attach spent in
/// the database (the hosts' `sriov_compute_operation_database_*` metrics over the timed
/// cycles). Each server is created through its own host's API, so every call is local to the
/// host that received it.
struct BenchClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Attach/detach throughput of several `serve` hosts (child processes) sharing one PostgreSQL."
    )

    @Option(help: "The PostgreSQL the hosts share (postgres://user:password@host:port/database); the run uses a schema of its own, dropped at the end.")
    var database: String

    @Option(help: "Hosts (child processes), 1…8.")
    var hosts = 3

    @Option(help: "Servers in all, spread over the hosts as evenly as they divide (a client each), --hosts…128 × --hosts.")
    var servers = 64

    @Option(help: "Attach+detach cycles per server.")
    var cycles = 50

    @Option(help: "Seconds each host may take to start.")
    var timeout = 120

    func validate() throws {
        _ = try BenchService.postgresLocation(database)
        guard (1...8).contains(hosts) else { throw ValidationError("--hosts must be 1…8") }
        // Every server may hold its VF at once: at most 128 a host (`fakeHost`).
        guard servers >= hosts, servers <= hosts * 128 else { throw ValidationError("--servers must be --hosts…128 × --hosts (\(hosts * 128))") }
        guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1") }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1…3600 seconds") }
    }

    /// Each fake host: 2 NUMA nodes × 4 PFs × 16 VFs, 128 VFs on physnet1.
    static let fakeHost = "2x4x16"

    struct Host {
        let name: String
        let process: ServiceProcess
        let apiPort: Int
        let metricsPort: Int
    }

    func run() async throws {
        let location = try BenchService.postgresLocation(database)
        let directory = ScratchFolder.fastest() + "/sriov-bench-cluster-\(getpid())"
        let schema = "sriov_bench_cluster_\(getpid())"
        // The hosts sign their calls to each other with it (a server placed on another host).
        let secret = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var started: [Host] = []
        do {
            for index in 0..<hosts {
                started.append(try startHost(index, directory: directory, schema: schema, secret: secret,
                                             networkHost: started.first.map { "http://127.0.0.1:\($0.apiPort)" }))
            }
            for host in started {
                _ = try host.process.secondsUntilServing(path: "/v2.1/servers?limit=1", timeout: .seconds(timeout))
            }
            try await measure(started)
        } catch {
            for host in started { host.process.stop() }
            await dropSchema(schema, in: location)
            throw error
        }
        for host in started { host.process.stop() }
        await dropSchema(schema, in: location)
    }

    /// `networkHost`: the first host's API root, whose embedded network the others use as
    /// their Neutron (the cluster's one network); nil for the first host.
    private func startHost(_ index: Int, directory: String, schema: String, secret: String, networkHost: String?) throws -> Host {
        let folder = directory + "/host\(index)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let apiPort = HTTPProbe.freePort(), let metricsPort = HTTPProbe.freePort() else { throw ValidationFailure("no free port on 127.0.0.1") }
        let name = "bench-host\(index)"
        // The audit is left to its start-up run, out of the measurement.
        let configuration = """
            [api]
            listen = "127.0.0.1:\(apiPort)"
            [metrics]
            listen = "127.0.0.1:\(metricsPort)"
            [database]
            url = "\(database)"
            path = "\(folder)/sriov.sqlite"
            schema = "\(schema)"
            [host]
            name = "\(name)"
            sysfs_root = "\(folder)/sys"
            fake_host = "\(Self.fakeHost)"
            [hypervisor]
            state_dir = "\(folder)/hypervisor"
            removal_delay = 0
            [audit]
            interval = 86400
            heal = false
            [cluster]
            secret = "\(secret)"

            """ + (networkHost.map { "[network]\nbackend = \"neutron\"\nurl = \"\($0)/networking\"\n" } ?? "")
        let configPath = folder + "/sriov.toml"
        try Data(configuration.utf8).write(to: URL(fileURLWithPath: configPath))
        let process = try ServiceProcess(executable: ServiceProcess.ownExecutable, configPath: configPath, port: apiPort, logPath: folder + "/serve.log")
        return Host(name: name, process: process, apiPort: apiPort, metricsPort: metricsPort)
    }

    private func measure(_ hosts: [Host]) async throws {
        // The first `servers % hosts` hosts get one more.
        let perHost = hosts.indices.map { servers / hosts.count + ($0 < servers % hosts.count ? 1 : 0) }
        let clients = hosts.map { ServiceClient(client: .shared, base: "http://127.0.0.1:\($0.apiPort)") }
        // Each host's servers through its own API, one warm-up cycle each.
        var benchmarks: [AttachBenchmark] = []
        var pairs: [[AttachBenchmark.Pair]] = []
        for index in hosts.indices {
            // Each host's servers placed on it, so that its API's calls are its own (no
            // forwarding); the ports come from the first host's network.
            let benchmark = AttachBenchmark(servers: perHost[index], cycles: cycles, api: clients[index], network: clients[0],
                                            availabilityZone: "nova:\(hosts[index].name)")
            let hostPairs = try await benchmark.prepare(segment: 200 + index)
            for pair in hostPairs { _ = try await benchmark.cycle(pair.server, pair.port) }
            benchmarks.append(benchmark)
            pairs.append(hostPairs)
        }
        var before: [DatabaseShare] = []
        for host in hosts { before.append(try await DatabaseShare.scrape(port: host.metricsPort)) }

        let start = Stopwatch.nanoseconds()
        // Each host's cycles/s over its own time: until its last client finished.
        let (samples, finished) = try await withThrowingTaskGroup(of: (Int, AttachBenchmark.Sample, UInt64).self) { group in
            for index in hosts.indices {
                for pair in pairs[index] {
                    let benchmark = benchmarks[index]
                    group.addTask {
                        var sample = AttachBenchmark.Sample()
                        for _ in 0..<cycles {
                            let (attach, detach) = try await benchmark.cycle(pair.server, pair.port)
                            sample.attach.append(attach)
                            sample.detach.append(detach)
                        }
                        return (index, sample, Stopwatch.nanoseconds())
                    }
                }
            }
            var byHost = Array(repeating: AttachBenchmark.Sample(), count: hosts.count)
            var finished = Array(repeating: start, count: hosts.count)
            for try await (index, sample, end) in group {
                byHost[index].attach += sample.attach
                byHost[index].detach += sample.detach
                finished[index] = max(finished[index], end)
            }
            return (byHost, finished)
        }
        let elapsed = Double(Stopwatch.nanoseconds() - start) / 1e9
        var after: [DatabaseShare] = []
        for host in hosts { after.append(try await DatabaseShare.scrape(port: host.metricsPort)) }

        let load = BenchPCICommand.loadAverage()
        var total = DatabaseShare()
        for (index, host) in hosts.enumerated() {
            let share = after[index] - before[index]
            total = total + share
            var line = record("cluster_host")
            line["host"] = .string(host.name)
            line["servers"] = .int(perHost[index])
            line["cycles"] = .int(samples[index].attach.count)
            line["cycles_per_s"] = .figure(Double(samples[index].attach.count) / (Double(finished[index] - start) / 1e9))
            line["attach_ms"] = .object(AttachBenchmark.milliseconds(LatencySummary(nanoseconds: samples[index].attach)))
            line["detach_ms"] = .object(AttachBenchmark.milliseconds(LatencySummary(nanoseconds: samples[index].detach)))
            share.describe(into: &line)
            line["loadavg_1m"] = .figure(load)
            line.print()
        }
        let attaches = samples.flatMap(\.attach)
        var line = record("cluster")
        line["hosts"] = .int(hosts.count)
        line["servers"] = .int(servers)
        line["cycles"] = .int(attaches.count)
        line["cycles_per_s"] = .figure(Double(attaches.count) / elapsed)
        line["attach_ms"] = .object(AttachBenchmark.milliseconds(LatencySummary(nanoseconds: attaches)))
        line["detach_ms"] = .object(AttachBenchmark.milliseconds(LatencySummary(nanoseconds: samples.flatMap(\.detach))))
        line["host_attach_p50_ms"] = .array(samples.map { .figure(LatencySummary(nanoseconds: $0.attach).p50 / 1000) })
        total.describe(into: &line)
        line["loadavg_1m"] = .figure(load)
        line.print()
    }

    private func record(_ bench: String) -> JSONObject {
        var line: JSONObject = ["bench": .string(bench)]
        line["database"] = "postgres"
        line["process"] = "child"
        return line
    }

    /// The run's schema, dropped once the hosts have stopped.
    private func dropSchema(_ schema: String, in location: PostgresLocation) async {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        guard let store = try? await PostgresStore.open(location, poolSize: 1, attempts: 1, logger: logger) else { return }
        _ = try? await store.write { db in try db.executor.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE", []) }
        await store.close()
    }
}
