import TestSupport
import App
import Compute
import ComputeModel
import EmbeddedNetwork
import Foundation
import Logging
import NetworkModel
import NeutronClient
import Store
import Testing

/// What `sriov-compute audit` and `pci release` run on: the ledger, hypervisor and network
/// of a configuration while the service is stopped, behind the service lock.
struct LedgerToolsTests {
    static var quiet: Logger {
        var logger = Logger(label: "tools")
        logger.logLevel = .critical
        return logger
    }

    @Test func theServiceLockIsExclusiveAndGoesWithItsHolder() throws {
        let directory = try TemporaryDirectory(prefix: "sriov-lock")
        defer { directory.remove() }
        let database = directory.path + "/sriov.sqlite"
        var serving: ServiceLock? = try ServiceLock.acquire(database: database, for: "sriov-compute serve")
        let refusal = #expect(throws: ServiceLockError.self) { _ = try ServiceLock.acquire(database: database, for: "sriov-compute audit") }
        #expect(refusal?.description == "sriov-compute serve (pid \(getpid())) works on \(database) (lock file \(database).lock)")
        withExtendedLifetime(serving) {}
        serving = nil
        _ = try ServiceLock.acquire(database: database, for: "sriov-compute audit")
    }

    @Test func theToolsRefuseWhileTheServiceHoldsTheDatabase() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let configuration = api.service.configuration
            let lock = try ServiceLock.acquire(database: configuration.databasePath, for: "sriov-compute serve")
            let refusal = await #expect(throws: ServiceLockError.self) {
                _ = try await LedgerTools.open(configuration, tool: "sriov-compute audit", logger: Self.quiet)
            }
            #expect(refusal?.description.contains("sriov-compute serve (pid") == true)
            #expect(refusal?.description.contains("GET/POST /v2.1/os-sriov-audit") == true)
            withExtendedLifetime(lock) {}
        }
        var missing = ServiceConfiguration.embedded(dataDirectory: harness.directory + "/nowhere")
        missing.fakeHost = nil
        let absent = await #expect(throws: ServiceLockError.self) {
            _ = try await LedgerTools.open(missing, tool: "sriov-compute audit", logger: Self.quiet)
        }
        #expect(absent?.description.hasPrefix("no database at") == true)
    }

    @Test func anAuditWhileTheServiceIsStoppedHealsWhatTheServiceThenSees() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2))
        let (port, server) = try await harness.run(keepDirectory: true) { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            return (port, try #require(UUID(uuidString: try await api.boot(ports: [port]))))
        }
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        let slot = try #require(await harness.service.manager.tracker.devices(ownedBy: server).first?.address)
        // While the service is stopped: its server row deleted, its domain undefined.
        try await harness.service.database.write { db in try ServerRecords.delete(server, in: db) }
        try await #require(harness.service.simulatedHypervisor).undefine(server)

        let tools = try await LedgerTools.open(harness.service.configuration, tool: "sriov-compute audit", logger: Self.quiet)
        let look = await tools.manager.audit(heal: false)
        #expect(Set(look.findings.map(\.kind)) == [.orphanPort, .orphanDevice])
        #expect(look.uncheckedSources == [:])
        let stored = try await harness.service.database.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) }
        #expect(stored.first { $0.address == slot }?.status == .allocated, "without heal nothing changes")

        let healed = await tools.manager.audit(heal: true)
        #expect(healed.findings.count == 2)
        #expect(healed.findings.allSatisfy { $0.outcome == .healed })
        try await tools.shutdown()

        let restarted = try await StartupRecoveryTests.restart(harness)
        #expect(await restarted.manager.tracker.device(at: slot)?.status == .available)
        #expect(try await restarted.network.port(id: port).bindingHostID == "")
        #expect(await restarted.manager.audits.report(afterRuns: 0).findings == [])
    }
}
