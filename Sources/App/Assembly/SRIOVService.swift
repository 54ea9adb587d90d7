import APICore
import Cluster
import Compute
import ComputeAPI
import ComputeModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import EmbeddedNetwork
import HostInventory
import Hummingbird
import Keystone
import Libvirt
import Logging
import NetworkAPI
import NetworkModel
import NeutronClient
import PCI
import ServiceMetrics
import SQLiteStore
import Store
import Virt

/// The whole service assembled from a configuration: the host scanned, the ledger loaded
/// and recovered, the network (embedded, or a real Neutron), the hypervisor, the compute
/// manager and the HTTP routes. `serve`, `demo`, the functional tests and `bench attach`
/// all start it this way, and call `shutdown()` when they are done with it.
public final class SRIOVService: Sendable {
    public let configuration: ServiceConfiguration
    /// The compute store: SQLite, or PostgreSQL with `[database] url = "postgres://…"`.
    public let database: any ComputeStore
    /// The SQLite file: the embedded network's tables, and the compute store's without PostgreSQL.
    public let sqlite: SQLiteStore
    public let manager: ComputeManager
    /// What the API calls: the manager wrapped so that each server's operations run on its
    /// host, and new servers are placed across the hosts (`Cluster`).
    public let compute: ClusterComputeService
    /// `[cluster] secret`: signs this host's calls to the others and checks theirs.
    let callSignature: CallSignature
    /// What the compute manager binds ports through.
    public let network: any NetworkService
    /// The embedded network (`[network] backend = "embedded"`), served at `/v2.0` and
    /// `/networking`; `nil` with a real Neutron.
    public let embeddedNetwork: EmbeddedNetworkService?
    /// The Neutron client (`backend = "neutron"`), whose connections `shutdown()` closes.
    public let neutron: NeutronNetworkService?
    /// Keystone's client and the token validator (`[keystone]`), nil without one.
    public let keystone: KeystoneClient?
    public let tokenValidator: TokenValidator?
    /// Nova's policy with the operator's file over it.
    let policy: Policy
    public let hypervisor: any Hypervisor
    /// The simulated hypervisor, for fault injection in tests and demos; nil with the
    /// libvirt driver.
    public let simulatedHypervisor: SimulatedHypervisor?
    public let recovery: StartupRecovery.Report
    /// What `GET /metrics` on `[metrics] listen` exposes (`metricsApplication()`); nil, and
    /// nothing counted, without that listener.
    public let metrics: ServiceMetrics?
    public let scanWarnings: [String]
    let logger: Logger

    /// Assembles the service, runs start-up recovery, and starts the retries of the
    /// operations recovery (or an earlier run) left quarantined, the embedded network's
    /// port events, and the start-up audit (in the background: `manager.audits` has its
    /// report once it is done).
    public static func start(_ configuration: ServiceConfiguration, logger: Logger = Logger(label: "sriov-compute")) async throws -> SRIOVService {
        // The devices the start-up scan found, which the start-up audit compares with: the
        // audit's, not kept by the service (16,000 devices are megabytes).
        var hostDevices: [PCIDevice] = []
        let service = try await SRIOVService(configuration: configuration, logger: logger, hostDevices: &hostDevices)
        service.manager.startRetries()
        await service.connectPortEvents()
        await service.manager.auditAfterStartUp(hostDevices: hostDevices)
        return service
    }

    private init(configuration: ServiceConfiguration, logger: Logger, hostDevices: inout [PCIDevice]) async throws {
        self.configuration = configuration
        self.logger = logger
        policy = try ServiceParts.policy(configuration)
        if !policy.overridden.isEmpty {
            logger.info("policy file \(configuration.policyFile ?? "") overrides: \(policy.overridden.joined(separator: ", "))")
        }
        if let fake = configuration.fakeHost {
            if !FileManager.default.fileExists(atPath: configuration.sysfsRoot + "/" + FakeSysfsWriter.markerFileName) {
                try FakeSysfsWriter(layout: fake.layout).write(to: configuration.sysfsRoot)
            }
        }
        // The simulator reads its domain files while the host is scanned and the ledger
        // loaded: neither needs the other, and on a host of thousands of servers each is a
        // good part of start-up.
        async let loadingSimulator = configuration.hypervisorDriver == .simulated
            ? ServiceParts.hypervisor(configuration, logger: logger) : nil
        let scan = try SysfsScanner(root: configuration.sysfsRoot).scanWithWarnings()
        scanWarnings = scan.warnings
        let specs: DeviceSpecList
        do {
            specs = try DeviceSpecList(jsonStrings: configuration.deviceSpec, host: scan.snapshot)
        } catch {
            throw ConfigurationError(key: "pci.device_spec", error.description)
        }
        let metrics = configuration.metricsListen.map { _ in ServiceMetrics(hostName: configuration.hostName) }
        self.metrics = metrics
        let stores = try await configuration.openStores(logger: logger)
        sqlite = stores.sqlite
        // With metrics, every transaction is timed (`sriov_compute_store_transaction_seconds`).
        database = metrics.map { TimedComputeStore(stores.compute, observer: $0) } ?? stores.compute
        hostDevices = specs.trackedDevices(in: scan.snapshot)
        let tracker = try ResourceTracker(hostName: configuration.hostName, numa: scan.snapshot.numaTopology,
                                          discovered: hostDevices, database: database, logger: logger)
        let virt = try await loadingSimulator ?? ServiceParts.hypervisor(configuration, logger: logger)
        hypervisor = virt.0
        simulatedHypervisor = virt.1
        let parts = try await ServiceParts.network(configuration, database: sqlite.writer, computeStore: database, physnets: await tracker.physicalNetworks, logger: logger)
        keystone = parts.identity?.client
        tokenValidator = parts.identity?.validator
        network = parts.service
        embeddedNetwork = parts.embedded
        neutron = parts.neutron
        manager = ComputeManager(configuration: ServiceParts.compute(configuration, metrics: metrics ?? NoOperationMetrics()),
                                 database: database, tracker: tracker,
                                 network: network, hypervisor: hypervisor, logger: logger)
        callSignature = CallSignature(secret: configuration.clusterSecret)
        compute = ClusterComputeService(local: manager, peers: PeerClient(signature: callSignature), logger: logger)
        do {
            try await CatalogSeed.seedFlavors(database)
            recovery = try await StartupRecovery(manager: manager).run()
            metrics?.recovered(recovery)
            try await manager.register(peerURL: configuration.peerURL)
        } catch {
            try? await neutron?.shutdown()
            try? await keystone?.shutdown()
            await database.close()
            throw error
        }
        Self.returnFreedMemory()
    }

    /// Gives the pages start-up freed back to the system. Loading the ledger, the domains
    /// and the recovery's reads leave more memory free than the service then holds (40 MB
    /// of 90 on a host of 4,096 servers), and glibc keeps freed memory for later
    /// allocations unless asked.
    private static func returnFreedMemory() {
        #if canImport(Glibc)
        // malloc.h is not in Swift's Glibc module; the symbol is glibc's own (a null
        // handle is RTLD_DEFAULT there), and a C library without it is left alone.
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }

    /// Closes the Neutron and Keystone clients' connections. Call once, when the service stops.
    public func shutdown() async throws {
        await manager.stopRetries()
        try await neutron?.shutdown()
        try await keystone?.shutdown()
        await database.close()
    }

    /// The periodic audit (`[audit] interval`, healing per `[audit] heal`) until the task
    /// is cancelled; returns at once when the interval is 0.
    public func runPeriodicAudits() async {
        guard configuration.auditInterval > 0 else { return }
        await manager.runPeriodicAudits(every: .seconds(configuration.auditInterval), heal: configuration.auditHeals)
    }

    /// The host's heartbeat (`[cluster] report_interval`) until the task is cancelled.
    public func runHeartbeats() async {
        await manager.runHeartbeats(every: configuration.reportInterval, peerURL: configuration.peerURL)
    }

    /// Where the embedded network's root version list is, for clients that discover the
    /// network API on the same port as the compute API.
    public static let networkPrefix = "/networking"

    /// The HTTP routes: compute at `/` and `/v2.1`, the Image API at `/image`, and the
    /// embedded network (when it is the backend) at `/v2.0` and under `/networking`, the
    /// endpoint the printed clouds.yaml gives the clients.
    public func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        if let metrics {
            router.add(middleware: RequestMetricsMiddleware { answer in
                metrics.request(api: Self.api(ofPath: answer.path), route: answer.route, method: answer.method, status: answer.status)
            })
        }
        router.add(middleware: RequestGuardMiddleware(render: Self.refusalResponse))
        // The other hosts' calls, signed, before the API's authentication (they carry no token).
        router.add(middleware: PeerCallMiddleware(manager: manager, signature: callSignature))
        if configuration.authStrategy == .keystone, let tokenValidator, let keystone {
            router.add(middleware: KeystoneAuthMiddleware(authenticator: KeystoneAuthenticator(validator: tokenValidator),
                                                          keystoneURI: keystone.configuration.root))
        } else {
            router.add(middleware: NoAuthMiddleware())
        }
        ComputeAPI(service: compute, hostName: configuration.hostName, policy: policy).addRoutes(to: router)
        ImageAPI(service: compute, hostName: configuration.hostName).addRoutes(to: router)
        if let embeddedNetwork {
            addNetworkRoutes(to: router, service: embeddedNetwork)
            addNetworkRoutes(to: router, service: embeddedNetwork, prefix: Self.networkPrefix)
        }
        return router
    }

    /// A refusal by the request limits in the fault shape of the API the path is in.
    @Sendable static func refusalResponse(_ refusal: RequestRefusal, _ request: Request) -> Response {
        if api(ofPath: request.uri.path) == "network" {
            return NeutronErrorResponse.response(for: refusal)
        }
        return APIFault(status: refusal.status, message: refusal.message).response
    }

    /// Which API a path is in: `network` (the embedded one), `image` or `compute`.
    static func api(ofPath path: String) -> String {
        if path.hasPrefix("/v2.0") || path.hasPrefix(networkPrefix) { return "network" }
        return path.hasPrefix("/image") ? "image" : "compute"
    }

    /// A Hummingbird application listening where the configuration says.
    public func application(port: Int? = nil) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ClientDepartureHandler()])),
            configuration: .init(address: .hostname(configuration.listenHost, port: port ?? configuration.listenPort),
                                 serverName: "sriov-compute"),
            logger: logger)
    }

    /// `GET /metrics` in Prometheus' text format on `[metrics] listen`; nil when the
    /// configuration names no address. Its own listener, so that scrapes need no token and
    /// the API's address need not be reachable from the monitoring network.
    public func metricsApplication(
        port: Int? = nil, listening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>>? {
        guard let listen = configuration.metricsListen, let metrics else { return nil }
        let router = Router()
        let manager = manager
        router.get("/metrics") { _, _ in
            let body = metrics.exposition(devices: await manager.tracker.devices, audits: await manager.audits.status.totals)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(router: router, configuration: .init(address: .hostname(listen.host, port: port ?? listen.port),
                                                                 serverName: "sriov-compute-metrics"),
                           onServerRunning: { channel in await listening(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    /// The `clouds.yaml` entry that points the OpenStack clients at this service.
    public func cloudsYAML(port: Int? = nil) -> String {
        if configuration.authStrategy == .keystone, let keystone {
            return CloudsYAML.renderKeystone(authURL: keystone.configuration.root)
        }
        return CloudsYAML.render(
            host: configuration.listenHost, port: port ?? configuration.listenPort,
            networkEndpoint: neutron.map { $0.configuration.root })
    }
}
