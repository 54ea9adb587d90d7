import APICore
import Compute
import ComputeAPI
import ComputeModel
import Foundation
import GRDB
import HostInventory
import Hummingbird
import Libvirt
import Logging
import NetworkAPI
import Networking
import PCI
import Store
import Virt

/// The whole service assembled from a configuration: the host scanned, the ledger loaded
/// and recovered, the embedded network, the hypervisor, the compute manager and the HTTP
/// routes. `serve`, `demo`, the functional tests and `bench attach` all start it this way.
public final class SRIOVService: Sendable {
    public let configuration: ServiceConfiguration
    public let database: DatabasePool
    public let manager: ComputeManager
    public let network: EmbeddedNetworkService
    public let hypervisor: any Hypervisor
    /// The simulated hypervisor, for fault injection in tests and demos; nil with the
    /// libvirt driver.
    public let simulatedHypervisor: SimulatedHypervisor?
    public let recovery: StartupRecovery.Report
    public let scanWarnings: [String]
    let logger: Logger

    public static func start(_ configuration: ServiceConfiguration, logger: Logger = Logger(label: "sriov-compute")) async throws -> SRIOVService {
        try await SRIOVService(configuration: configuration, logger: logger)
    }

    private init(configuration: ServiceConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        guard configuration.networkBackend == .embedded else {
            throw ConfigurationError(key: "network.backend", "'neutron' is not available yet; use 'embedded'")
        }
        if let fake = configuration.fakeHost {
            let layout = FakeHostLayout(pfCount: fake.pfCount, vfsPerPF: fake.vfsPerPF, numaNodes: fake.numaNodes, sockets: 1,
                                        vendorID: fake.vendorID, pfProductID: fake.pfProductID, vfProductID: fake.vfProductID)
            if !FileManager.default.fileExists(atPath: configuration.sysfsRoot + "/" + FakeSysfsWriter.markerFileName) {
                try FakeSysfsWriter(layout: layout).write(to: configuration.sysfsRoot)
            }
        }
        let scan = try SysfsScanner(root: configuration.sysfsRoot).scanWithWarnings()
        scanWarnings = scan.warnings
        let specs: DeviceSpecList
        do {
            specs = try DeviceSpecList(jsonStrings: configuration.deviceSpec, host: scan.snapshot)
        } catch {
            throw ConfigurationError(key: "pci.device_spec", error.description)
        }
        database = try StoreDatabase.open(path: configuration.databasePath)
        try StoreMigrations.migrate(database) { migrator in EmbeddedNetworkService.registerMigrations(in: &migrator) }
        let tracker = try ResourceTracker(hostName: configuration.hostName, numa: scan.snapshot.numaTopology,
                                          discovered: specs.trackedDevices(in: scan.snapshot), database: database, logger: logger)
        let physnets = await tracker.physicalNetworks
        network = EmbeddedNetworkService(database: database, agents: BindingAgents([configuration.hostName: physnets]))
        switch configuration.hypervisorDriver {
        case .simulated:
            let simulated = try SimulatedHypervisor(directory: URL(fileURLWithPath: configuration.hypervisorStateDirectory),
                                                    removalDelay: configuration.removalDelay, logger: logger)
            simulatedHypervisor = simulated
            hypervisor = simulated
        case .libvirt:
            simulatedHypervisor = nil
            hypervisor = try Self.libvirtHypervisor(configuration, logger: logger)
        }
        let compute = ComputeConfiguration(
            hostName: configuration.hostName,
            detachPolicy: DetachPolicy(timeout: configuration.detachTimeout, attempts: configuration.detachAttempts),
            images: CatalogSeed.images(configured: configuration.images))
        manager = ComputeManager(configuration: compute, database: database, tracker: tracker, network: network,
                                 hypervisor: hypervisor, logger: logger)
        try await CatalogSeed.seedFlavors(database)
        recovery = try await StartupRecovery(manager: manager).run()
    }

    /// The libvirt driver at `hypervisor.uri`; a connection failure stops start-up naming
    /// that key, with libvirt's message.
    private static func libvirtHypervisor(_ configuration: ServiceConfiguration, logger: Logger) throws -> LibvirtHypervisor {
        guard let uri = configuration.hypervisorURI else {
            throw ConfigurationError(key: "hypervisor.uri", "required with driver = \"libvirt\", e.g. \"qemu:///system\"")
        }
        let options = LibvirtOptions(
            uri: uri, virtType: configuration.virtType, pciePorts: configuration.pciePorts,
            images: Dictionary(configuration.images.map { ($0.id, $0.boot) }, uniquingKeysWith: { first, _ in first }),
            consoleDirectory: configuration.consoleDirectory)
        do {
            return try LibvirtHypervisor(options: options, logger: logger)
        } catch {
            throw ConfigurationError(key: "hypervisor.uri", error.description)
        }
    }

    /// Where the embedded network's root version list is, for clients that discover the
    /// network API on the same port as the compute API.
    public static let networkPrefix = "/networking"

    /// The HTTP routes: compute at `/` and `/v2.1`, the embedded network at `/v2.0` (and
    /// under `/networking`, the endpoint the printed clouds.yaml gives the clients).
    public func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: NoAuthMiddleware())
        ComputeAPI(service: manager, hostName: configuration.hostName).addRoutes(to: router)
        addNetworkRoutes(to: router, service: network)
        addNetworkRoutes(to: router, service: network, prefix: Self.networkPrefix)
        return router
    }

    /// A Hummingbird application listening where the configuration says.
    public func application(port: Int? = nil) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.listenHost, port: port ?? configuration.listenPort),
                                 serverName: "sriov-compute"),
            logger: logger)
    }

    /// The `clouds.yaml` entry that points the OpenStack clients at this service.
    public func cloudsYAML(port: Int? = nil) -> String {
        CloudsYAML.render(host: configuration.listenHost, port: port ?? configuration.listenPort)
    }
}
