import TestSupport
import Compute
import ComputeModel
import EmbeddedNetwork
import Foundation
import HostInventory
import Logging
import NetworkModel
import PCI
import SQLiteStore
import Store
import Synchronization
import Virt

/// A compute host without HTTP: the ledger on SQLite (on PostgreSQL, a schema of the
/// host's own, when `SRIOV_TEST_POSTGRES_URL` names one), the embedded network, the simulated
/// hypervisor and a fake sysfs in a temporary folder, and the `ComputeManager` over them.
/// `restart()` builds the same parts again from the folder, as a new process would.
struct ComputeHost: Sendable {
    static let host = "compute0"
    static let admin = RequestContext(userID: "admin", projectID: "admin", isAdmin: true, requestID: "req-test")
    private static let vlans = Mutex(0)
    static let deviceSpec = [#"{"vendor_id": "15b3", "product_id": "101e", "physical_network": "physnet2"}"#]

    let directory: String
    let database: any ComputeStore
    let network: EmbeddedNetworkService
    let hypervisor: SimulatedHypervisor
    let manager: ComputeManager
    let detachPolicy: DetachPolicy
    /// `[host] name`; `ComputeHost.host` unless the host is a member of a `ComputeCluster`.
    var name: String = Self.host
    /// The cluster's database and network, when the host shares them.
    var cluster: SharedParts?

    /// What the hosts of one cloud share: the database and the network (the first host's).
    struct SharedParts: Sendable {
        let database: any ComputeStore
        let network: EmbeddedNetworkService
    }

    static func make(vfs: Int = 2, detachPolicy: DetachPolicy = DetachPolicy(timeout: .milliseconds(200), attempts: 1)) async throws -> ComputeHost {
        let directory = try TemporaryDirectory(prefix: "sriov-computetest").path
        try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: vfs, numaNodes: 1, sockets: 1)).write(to: directory + "/sys")
        return try await open(directory, detachPolicy: detachPolicy)
    }

    static func open(_ directory: String, detachPolicy: DetachPolicy, name: String = host, cluster: SharedParts? = nil) async throws -> ComputeHost {
        var logger = Logger(label: "computetest")
        logger.logLevel = .critical
        let snapshot = try SysfsScanner(root: directory + "/sys").scanWithWarnings().snapshot
        let specs = try DeviceSpecList(jsonStrings: deviceSpec, host: snapshot)
        let shared: SharedParts
        if let cluster { shared = cluster } else { shared = try await Self.sharedParts(directory, hosts: [name]) }
        let database = shared.database, network = shared.network
        let tracker = try ResourceTracker(hostName: name, numa: snapshot.numaTopology, discovered: specs.trackedDevices(in: snapshot),
                                          database: database, logger: logger)
        let hypervisor = try SimulatedHypervisor(directory: URL(fileURLWithPath: directory + "/domains"), removalDelay: .zero, logger: logger)
        let configuration = ComputeConfiguration(hostName: name, detachPolicy: detachPolicy,
                                                 hostRescan: HostRescan(sysfsRoot: directory + "/sys", deviceSpec: deviceSpec))
        let manager = ComputeManager(configuration: configuration, database: database,
                                     tracker: tracker, network: network, hypervisor: hypervisor, logger: logger)
        try await database.write { db in
            guard try FlavorRecords.fetch("1", in: db) == nil else { return }
            try FlavorRecords.insert(Flavor(id: "1", name: "m1.tiny", vcpus: 1, ramMB: 512, diskGB: 1), in: db)
        }
        return ComputeHost(directory: directory, database: database, network: network, hypervisor: hypervisor, manager: manager,
                           detachPolicy: detachPolicy, name: name, cluster: cluster)
    }

    /// The database and the network in `directory`: SQLite there (on PostgreSQL, a schema
    /// named after the folder, so that a restart finds the same rows), the embedded network
    /// binding ports to `hosts`.
    static func sharedParts(_ directory: String, hosts: [String]) async throws -> SharedParts {
        let sqlite = try SQLiteStore.open(path: directory + "/sriov.sqlite") { migrator in EmbeddedNetworkService.registerMigrations(in: &migrator) }
        let database: any ComputeStore = switch StoreBackend.hosts {
        case .sqlite: sqlite
        case .postgres: try await StoreBackend.postgres(schema: "host_" + (directory as NSString).lastPathComponent.replacingOccurrences(of: "-", with: "_"))
        }
        let agents = BindingAgents(Dictionary(uniqueKeysWithValues: hosts.map { ($0, ["physnet2"]) }))
        return SharedParts(database: database, network: EmbeddedNetworkService(database: sqlite.writer, agents: agents))
    }

    /// The same folder opened again (in the same cluster), and its start-up recovery run
    /// (the retries are left to the test).
    func restart() async throws -> (ComputeHost, StartupRecovery.Report) {
        let host = try await Self.open(directory, detachPolicy: detachPolicy, name: name, cluster: cluster)
        return (host, try await StartupRecovery(manager: host.manager).run())
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A VLAN network on physnet2 with a `direct` port; returns the port's id. Each network
    /// takes a VLAN of its own: the hosts of a `ComputeCluster` share the network service.
    func directPort() async throws -> String {
        let caller = NetworkCaller(projectID: "admin", isAdmin: true)
        let vlan = Self.vlans.withLock { count in
            defer { count += 1 }
            return 42 + count % 4000
        }
        let net = try await network.createNetwork(NetworkCreate(name: "net", networkType: "vlan", physicalNetwork: "physnet2", segmentationID: vlan), caller: caller)
        return try await network.createPort(PortCreate(networkID: net.id, vnicType: "direct"), caller: caller).id
    }

    /// A server booted without ports, then a `direct` port attached to it.
    func serverWithAttachedPort() async throws -> (port: String, server: Server) {
        let port = try await directPort()
        let server = try await boot()
        _ = try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: server.id, context: Self.admin)
        return (port, server)
    }

    func boot() async throws -> Server {
        try await manager.createServer(CreateServerRequest(name: "vm", flavorID: "1", imageID: nil, networks: .none), context: Self.admin)
    }

    /// The status of the one VF that is not available, or `.available` when all are.
    func vfStatus() async -> PCIDeviceStatus? {
        let vfs = await manager.tracker.devices.filter { $0.type == .virtualFunction }
        let used = vfs.filter { $0.status != .available }
        return used.count <= 1 ? (used.first?.status ?? .available) : nil
    }
}
