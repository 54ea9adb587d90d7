import App
import Compute
import Foundation
import Testing
import Virt

/// At start-up the ledger is compared with the domains the hypervisor actually has, and
/// every disagreement is reported.
struct DomainReconciliationServiceTests {
    @Test func vanishedDomainsAndDevicesOnOneSideOnlyAreReported() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 3))
        let (kept, lost, rogue, gone, lostPort) = try await harness.run(keepDirectory: true) { api in
            let net = try await api.createNetwork()
            let keptPort = try await api.createPort(network: net, vnicType: "direct")
            let lostPort = try await api.createPort(network: net, vnicType: "direct")
            return (try await api.boot(ports: [keptPort]), try await api.boot(ports: [lostPort]), try await api.boot(), try await api.boot(),
                    lostPort)
        }
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        let simulator = try #require(harness.service.simulatedHypervisor)
        let lostServer = try #require(UUID(uuidString: lost)), rogueServer = try #require(UUID(uuidString: rogue))
        let goneServer = try #require(UUID(uuidString: gone)), keptServer = try #require(UUID(uuidString: kept))
        // Behind the service's back: a device removed, one added, a domain undefined.
        let lostDevice = try #require(try DeviceLocator.devices(inDomainXML: await simulator.domainXML(of: lostServer, live: true)).first)
        #expect(try await simulator.detach(lostDevice.device, from: lostServer, policy: DetachPolicy(timeout: .seconds(5), attempts: 1)) == .removed)
        let rogueDevice = GuestDevice.macvtap(mac: "52:54:00:99:00:01", sourceDevice: "ens0f0v2", vlan: nil)
        try await simulator.attach(rogueDevice, to: rogueServer)
        try await simulator.undefine(goneServer)

        let restarted = try await StartupRecoveryTests.restart(harness)
        #expect(Set(restarted.recovery.domainFindings) == [
            .missingFromDomain(server: lostServer, port: lostPort, device: lostDevice.device.description),
            .unknownInDomain(server: rogueServer, device: rogueDevice.description),
            .domainVanished(server: goneServer),
        ])
        #expect(!restarted.recovery.domainFindings.contains { "\($0)".contains(keptServer.uuidString.lowercased()) })
        // Reported only: the ledger is left as it was.
        #expect(await restarted.manager.tracker.devices.filter { $0.status == .allocated }.count == 2)
    }
}
