import App
import ComputeModel
import Foundation
import PCI
import Testing
import Virt

/// Once start-up recovery is done, the start-up audit compares the ledger with the domains
/// the hypervisor actually has: it heals what it can prove and reports the rest.
struct DomainReconciliationServiceTests {
    @Test func vanishedDomainsAndDevicesOnOneSideOnlyAreFoundAtStartUp() async throws {
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
        // Behind the service's back: a device removed, one added on the free VF, a domain undefined.
        let lostDevice = try #require(try DeviceLocator.devices(inDomainXML: await simulator.domainXML(of: lostServer, live: true)).first)
        #expect(try await simulator.detach(lostDevice.device, from: lostServer, policy: DetachPolicy(timeout: .seconds(5), attempts: 1)) == .removed)
        let free = try #require(await harness.service.manager.tracker.devices.first { $0.type == .virtualFunction && $0.status == .available })
        let rogueDevice = GuestDevice.macvtap(mac: "52:54:00:99:00:01", sourceDevice: try #require(free.netdevName), vlan: nil)
        try await simulator.attach(rogueDevice, to: rogueServer)
        try await simulator.undefine(goneServer)

        let restarted = try await StartupRecoveryTests.restart(harness)
        let audit = await restarted.manager.audits.report(afterRuns: 0)
        #expect(audit.uncheckedSources == [:])
        let byKind = Dictionary(grouping: audit.findings, by: \.kind)
        #expect(Set(byKind.keys) == [.missingFromGuest, .unownedDeviceInGuest, .domainVanished])
        #expect(byKind[.missingFromGuest]?.map(\.port) == [lostPort])
        #expect(byKind[.missingFromGuest]?.first?.outcome == .reported)
        #expect(byKind[.domainVanished]?.map(\.server) == [goneServer])
        #expect(!audit.findings.contains { $0.server == keptServer })
        // The rogue device is the rogue server's now, quarantined: never handed out while its guest has it.
        #expect(byKind[.unownedDeviceInGuest]?.first?.outcome == .healed)
        let quarantined = try #require(await restarted.manager.tracker.device(at: free.address))
        #expect(quarantined.status == .quarantined && quarantined.instanceUUID == rogueServer)
        // The rest is reported only: the ledger's allocations are as they were.
        #expect(await restarted.manager.tracker.devices.filter { $0.status == .allocated }.count == 2)
    }
}
