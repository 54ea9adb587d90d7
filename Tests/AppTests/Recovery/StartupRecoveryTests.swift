import App
import Compute
import Foundation
import JSONModel
import Logging
import Networking
import PCI
import Store
import Testing

/// `kill -9` in the middle of an attach or a detach: the next start finishes or undoes it
/// by looking at what the hypervisor and the network hold.
struct StartupRecoveryTests {
    static func restart(_ harness: ServiceHarness) async throws -> SRIOVService {
        var logger = Logger(label: "restart")
        logger.logLevel = .critical
        return try await SRIOVService.start(harness.service.configuration, logger: logger)
    }

    static func bootWithAttachedPort(_ harness: ServiceHarness) async throws -> (port: String, server: String) {
        try await harness.run(keepDirectory: true) { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            return (port, try await api.boot(ports: [port]))
        }
    }

    /// What a detach leaves when killed after marking the device: the device detaching
    /// and its open journal row.
    static func beginDetachAndCrash(_ service: SRIOVService, server: UUID, portID: String, address: PCIAddress) async throws {
        try await service.manager.tracker.update({ engine in try engine.beginDetach(address, instance: server) }, record: { _, db in
            try JournalRecords.save(JournalEntry(kind: .detach, serverID: server, portID: portID, step: "releasingFromGuest", requestID: "req-crash"), in: db)
        })
    }

    @Test func attachCutAfterTheBindIsRolledBack() async throws {
        let harness = try await ServiceHarness.make()
        let (portID, serverID) = try await harness.run(keepDirectory: true) { api in
            let net = try await api.createNetwork()
            return (try await api.createPort(network: net, vnicType: "direct"), try await api.boot())
        }
        // What an attach leaves when killed between its bind and its hot-plug: the claim
        // and its open journal row, and the port bound to the server.
        let service = harness.service
        let server = try #require(UUID(uuidString: serverID))
        let request = try #require(try PCIRequest.forPort(PortPCIContext(portID: portID, vnicType: .direct, physicalNetwork: "physnet2", networkType: "vlan")))
        let address = try await service.manager.tracker.update({ engine in try engine.claim(request, for: server)[0] }, record: { address, db in
            try JournalRecords.save(JournalEntry(kind: .attach, serverID: server, portID: portID, step: "plugging",
                                                 details: ["pci_slot": address.description, "vnic_type": "direct", "mac": "fa:16:3e:00:00:01",
                                                           "profile_keys": "pci_slot,pci_vendor_info,physical_network"],
                                                 requestID: "req-crash"), in: db)
        })
        _ = try await service.network.bindPort(portID, PortBinding(hostID: "compute0", deviceID: serverID, deviceOwner: "compute:nova",
                                                                   profile: ["pci_slot": .string(address.description), "pci_vendor_info": "15b3:101e",
                                                                             "physical_network": "physnet2"]))
        let restarted = try await Self.restart(harness)
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        #expect(restarted.recovery.rolledBackAttaches == [portID])
        #expect(await restarted.manager.tracker.device(at: address)?.status == .available)
        let port = try await restarted.network.port(id: portID)
        #expect(port.deviceID == "")
        #expect(port.bindingProfile.isEmpty)
        let open = try await restarted.database.read { db in try JournalRecords.open(in: db) }
        #expect(open.isEmpty)
        #expect(try await LedgerInvariants.violations(tracker: restarted.manager.tracker, database: restarted.database) == [])
    }

    @Test func detachCutAfterTheGuestLetGoIsFinished() async throws {
        let harness = try await ServiceHarness.make()
        let (portID, serverID) = try await Self.bootWithAttachedPort(harness)
        // Killed after the guest released the VF, before the port was unbound.
        let service = harness.service
        let server = try #require(UUID(uuidString: serverID))
        let address = try #require(PCIAddress("0000:02:00.0"))
        try await Self.beginDetachAndCrash(service, server: server, portID: portID, address: address)
        let vif = try #require(try await service.database.read { db in try VIFRecords.fetch(portID: portID, in: db) })
        let guest = GuestDeviceForTest.hostdev(mac: vif.macAddress, address: address, vlan: vif.vlan)
        #expect(try await service.hypervisor.detach(guest, from: server, policy: .init(timeout: .seconds(5), attempts: 1)) == .removed)

        let restarted = try await Self.restart(harness)
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        #expect(restarted.recovery.finishedDetaches == [portID])
        #expect(await restarted.manager.tracker.device(at: address)?.status == .available)
        #expect(try await restarted.network.port(id: portID).deviceID == "")
        #expect(try await LedgerInvariants.violations(tracker: restarted.manager.tracker, database: restarted.database) == [])
    }

    @Test func detachCutWhileTheGuestStillHasTheDeviceGoesBackToAllocated() async throws {
        let harness = try await ServiceHarness.make()
        let (portID, serverID) = try await Self.bootWithAttachedPort(harness)
        let service = harness.service
        let server = try #require(UUID(uuidString: serverID))
        let address = try #require(PCIAddress("0000:02:00.0"))
        try await Self.beginDetachAndCrash(service, server: server, portID: portID, address: address)
        let restarted = try await Self.restart(harness)
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        #expect(restarted.recovery.restoredDetaches == [portID])
        #expect(await restarted.manager.tracker.device(at: address)?.status == .allocated)
        #expect(try await restarted.network.port(id: portID).deviceID == serverID)
        #expect(try await LedgerInvariants.violations(tracker: restarted.manager.tracker, database: restarted.database) == [])
    }
}
