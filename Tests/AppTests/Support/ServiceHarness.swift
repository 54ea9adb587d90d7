import TestSupport
import App
import Compute
import EmbeddedNetwork
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NetworkModel
import NeutronClient
import Testing

/// A whole service in a temporary folder, driven over HTTP on loopback. After the test
/// body, the ledger invariants must hold and every background detach must have ended.
struct ServiceHarness {
    let service: SRIOVService
    let directory: String

    /// Nova's SRIOVAttachDetachTest host by default: one PF with one VF on physnet2, two
    /// NUMA nodes on one socket.
    static func make(
        fakeHost: ServiceConfiguration.FakeHost = .init(numaNodes: 2, pfCount: 1, vfsPerPF: 1),
        physnet: String = "physnet2", trackPFs: Bool = true,
        detachTimeout: Duration = .milliseconds(300), detachAttempts: Int = 2, removalDelay: Duration = .milliseconds(5),
        neutronURL: String? = nil, neutronTimeout: Duration = .seconds(5), logger: Logger? = nil,
        configure: (inout ServiceConfiguration) -> Void = { _ in }
    ) async throws -> ServiceHarness {
        let directory = try TemporaryDirectory(prefix: "sriov-apptest").path
        var configuration = ServiceConfiguration.embedded(dataDirectory: directory, port: 0)
        configuration.fakeHost = fakeHost
        configuration.deviceSpec = [#"{"vendor_id": "15b3", "product_id": "101e", "physical_network": "\#(physnet)"}"#]
            + (trackPFs ? [#"{"vendor_id": "15b3", "product_id": "101d", "physical_network": "\#(physnet)"}"#] : [])
        configuration.detachTimeout = detachTimeout
        configuration.detachAttempts = detachAttempts
        configuration.removalDelay = removalDelay
        if let neutronURL {
            configuration.networkBackend = .neutron
            configuration.networkURL = neutronURL
            configuration.networkTimeout = neutronTimeout
        }
        configure(&configuration)
        var quiet = Logger(label: "apptest")
        quiet.logLevel = .critical
        let service = try await SRIOVService.start(configuration, logger: logger ?? quiet)
        // Tests take up quarantined releases themselves (`runDueRetries`), at the moment
        // they choose; the loop's own test starts it again.
        await service.manager.stopRetries()
        return ServiceHarness(service: service, directory: directory)
    }

    /// A compute manager over this service's ledger, database and hypervisor whose network
    /// calls go to `network` (a test's decorator of the service's own network).
    func manager(network: any NetworkService) -> ComputeManager {
        ComputeManager(configuration: service.manager.configuration, database: service.database, tracker: service.manager.tracker,
                       network: network, hypervisor: service.hypervisor, logger: Logger(label: "apptest"))
    }

    /// Runs `body` against the live HTTP server, then checks the ledger and shuts the
    /// service down. `keepDirectory` leaves the data for a restart on the same folder.
    @discardableResult
    func run<T: Sendable>(keepDirectory: Bool = false, _ body: @Sendable (APIClient) async throws -> T,
                          sourceLocation: SourceLocation = #_sourceLocation) async throws -> T {
        defer { if !keepDirectory { try? FileManager.default.removeItem(atPath: directory) } }
        let app = service.application(port: 0)
        let result: T
        do {
            result = try await app.test(.live) { client in
                let value = try await body(APIClient(client: client, service: service))
                await service.manager.backgroundTasks.waitUntilIdle()
                return value
            }
        } catch {
            try await service.shutdown()
            throw error
        }
        // Read before the shutdown, which closes a PostgreSQL store.
        let violations = try await LedgerInvariants.violations(tracker: service.manager.tracker, database: service.database)
        try await service.shutdown()
        #expect(violations == [], "ledger invariants", sourceLocation: sourceLocation)
        return result
    }
}
