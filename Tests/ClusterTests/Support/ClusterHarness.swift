import APICore
import App
import Compute
import Foundation
import Hummingbird
import Logging
import Store
import Testing
import TestSupport

/// Three hosts in one process on one store (a shared SQLite file, or PostgreSQL when
/// `SRIOV_TEST_POSTGRES_URL` is set), each with its own fake host, simulator and router on
/// an ephemeral loopback port, so that forwarding between them is real HTTP. Host 1 runs
/// the embedded network; the others use it as their Neutron (the cluster's one network).
struct ClusterHarness: Sendable {
    struct Host: Sendable {
        let service: SRIOVService
        let url: String
        let server: Task<Void, any Error>
        var name: String { service.configuration.hostName }
    }

    static let secret = "cluster-test-secret"

    let hosts: [Host]
    let directory: TemporaryDirectory

    /// `layouts[i]`: host i+1's fake host (nil: no SR-IOV card); `physnets[i]` its devices'
    /// physnet. `configure` adjusts each host's configuration (index, configuration).
    static func make(
        layouts: [ServiceConfiguration.FakeHost?], physnets: [String]? = nil,
        configure: (Int, inout ServiceConfiguration) -> Void = { _, _ in }
    ) async throws -> ClusterHarness {
        let directory = try TemporaryDirectory(prefix: "sriov-cluster")
        let schema = StoreBackend.newSchemaName()
        var hosts: [Host] = []
        var quiet = Logger(label: "clustertest")
        quiet.logLevel = .critical
        for (index, layout) in layouts.enumerated() {
            let name = "host\(index + 1)"
            let physnet = physnets?[index] ?? "physnet1"
            var configuration = ServiceConfiguration.embedded(dataDirectory: directory.path + "/" + name, port: 0)
            try FileManager.default.createDirectory(atPath: directory.path + "/" + name, withIntermediateDirectories: true)
            configuration.hostName = name
            configuration.fakeHost = layout ?? .init(numaNodes: 2, pfCount: 1, vfsPerPF: 1)
            // A host without a card tracks nothing: its spec matches no device.
            configuration.deviceSpec = layout == nil ? [#"{"vendor_id": "ffff", "product_id": "ffff"}"#] : [
                #"{"vendor_id": "15b3", "product_id": "101e", "physical_network": "\#(physnet)"}"#,
                #"{"vendor_id": "15b3", "product_id": "101d", "physical_network": "\#(physnet)"}"#,
            ]
            configuration.databasePath = directory.path + "/cloud.sqlite"
            if let url = StoreBackend.postgresURL {
                // Each host's own SQLite file for what stays in SQLite, one PostgreSQL schema for the cloud.
                configuration.databasePath = directory.path + "/\(name).sqlite"
                configuration.databaseURL = url
                configuration.databaseSchema = schema
            }
            configuration.clusterSecret = secret
            configuration.removalDelay = .milliseconds(5)
            configuration.detachTimeout = .milliseconds(300)
            if index > 0 {
                configuration.networkBackend = .neutron
                configuration.networkURL = hosts[0].url
            }
            configure(index, &configuration)
            let service = try await SRIOVService.start(configuration, logger: quiet)
            await service.manager.stopRetries()
            let (url, task) = try await serve(service, logger: quiet)
            try await service.manager.register(peerURL: url)
            hosts.append(Host(service: service, url: url, server: task))
        }
        // The one network's agents know every host's physnets (the cluster branch derives
        // them from the shared database; here they are told).
        if let network = hosts.first?.service.embeddedNetwork {
            for host in hosts {
                network.agents.setAgent(host: host.name, physicalNetworks: await host.service.manager.tracker.physicalNetworks)
            }
        }
        return ClusterHarness(hosts: hosts, directory: directory)
    }

    /// A cluster for `body`, shut down after it (its ledgers checked) however it ends.
    static func run(
        layouts: [ServiceConfiguration.FakeHost?], physnets: [String]? = nil,
        configure: (Int, inout ServiceConfiguration) -> Void = { _, _ in }, _ body: (ClusterHarness) async throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let cluster = try await make(layouts: layouts, physnets: physnets, configure: configure)
        do {
            try await body(cluster)
        } catch {
            try await cluster.shutdown(sourceLocation: sourceLocation)
            throw error
        }
        try await cluster.shutdown(sourceLocation: sourceLocation)
    }

    /// The service's router on an ephemeral loopback port; its URL once it listens.
    private static func serve(_ service: SRIOVService, logger: Logger) async throws -> (String, Task<Void, any Error>) {
        try await serve(service.router(), logger: logger)
    }

    /// Any router on an ephemeral loopback port (a stand-in for a host that misbehaves).
    static func serve<Context: InitializableFromSource<ApplicationRequestContextSource>>(
        _ router: Router<Context>, logger: Logger
    ) async throws -> (String, Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return ("http://127.0.0.1:\(port)", task)
    }

    subscript(_ number: Int) -> Host { hosts[number - 1] }

    func client(_ number: Int) -> ClusterClient { ClusterClient(base: self[number].url, network: self[1].url) }

    /// Waits for every host's background work, checks each host's ledger, stops the hosts.
    func shutdown(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for host in hosts { await host.service.manager.backgroundTasks.waitUntilIdle() }
        for host in hosts {
            let violations = try await LedgerInvariants.violations(tracker: host.service.manager.tracker, database: host.service.database)
            #expect(violations == [], "ledger invariants of \(host.name)", sourceLocation: sourceLocation)
        }
        for host in hosts.reversed() {
            host.server.cancel()
            _ = await host.server.result
            try await host.service.shutdown()
        }
        directory.remove()
    }

    /// Which host runs the server, from the shared database.
    func host(of server: String) async throws -> String? {
        let id = try #require(UUID(uuidString: server))
        return try await self[1].service.database.read { db in try ServerRecords.host(of: id, in: db) }
    }

    /// A host's device rows by status, from the shared database.
    func statuses(of host: Int) async throws -> [String: Int] {
        let name = self[host].name
        let devices = try await self[1].service.database.read { db in try PCIDeviceRecords.fetchAll(host: name, in: db) }
        return Dictionary(grouping: devices, by: \.status.rawValue).mapValues(\.count)
    }
}
