import Compute
import EmbeddedNetwork
import Foundation
import Keystone
import Logging
import NetworkModel
import NeutronClient
import Store

/// The ledger of a configuration with its hypervisor and network, without the HTTP service
/// and without start-up recovery: what `sriov-compute audit` and `pci release` work on
/// while the service is stopped, and `pci fit` reads. Opening for a change takes the
/// service lock (`ServiceLock`): neither runs while a `serve` holds the database, whose
/// ledger in memory would not see the change. A read (`exclusive: false`) takes none: the
/// service writes every change of its ledger through, so the stored one is the same.
public final class LedgerTools: Sendable {
    public let manager: ComputeManager
    private let neutron: NeutronNetworkService?
    private let keystone: KeystoneClient?
    private let lock: ServiceLock?
    /// The compute store it opened (PostgreSQL: a pool of connections and threads).
    private let database: any ComputeStore

    private init(manager: ComputeManager, database: any ComputeStore, neutron: NeutronNetworkService?, keystone: KeystoneClient?, lock: ServiceLock?) {
        self.manager = manager
        self.database = database
        self.neutron = neutron
        self.keystone = keystone
        self.lock = lock
    }

    /// The ledger as stored, the hypervisor and the network the configuration names.
    /// `tool` names the holder of the lock for whoever finds it taken.
    public static func open(_ configuration: ServiceConfiguration, tool: String, exclusive: Bool = true, logger: Logger) async throws -> LedgerTools {
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw ServiceLockError(description: "no database at \(configuration.databasePath): start the service once (sriov-compute serve) or pass --config")
        }
        var lock: ServiceLock?
        do {
            if exclusive { lock = try ServiceLock.acquire(database: configuration.databasePath, for: tool) }
        } catch {
            throw ServiceLockError(description: "\(error.description): stop it first, or use its admin API (GET/POST /v2.1/os-sriov-audit, POST /v2.1/os-pci-devices/{address}/action)")
        }
        let (database, sqlite) = try await configuration.openStores(logger: logger)
        do {
            let tracker = try ResourceTracker(storedLedgerOf: configuration.hostName, database: database, logger: logger)
            let (hypervisor, _) = try ServiceParts.hypervisor(configuration, logger: logger)
            let network = try await ServiceParts.network(configuration, database: sqlite.writer, computeStore: database,
                                                       physnets: await tracker.physicalNetworks, logger: logger)
            let manager = ComputeManager(configuration: ServiceParts.compute(configuration, metrics: NoOperationMetrics()), database: database, tracker: tracker,
                                         network: network.service, hypervisor: hypervisor, logger: logger)
            return LedgerTools(manager: manager, database: database, neutron: network.neutron, keystone: network.identity?.client, lock: lock)
        } catch {
            await database.close()
            throw error
        }
    }

    /// Closes the Neutron and Keystone clients' connections and the compute store; the lock
    /// goes with the tools.
    public func shutdown() async throws {
        await database.close()
        try await neutron?.shutdown()
        try await keystone?.shutdown()
    }
}
