import Compute
import ComputeModel
import EmbeddedNetwork
import Foundation
import JSONModel
import Logging
import NetworkModel
import NeutronClient
import Testing

/// Issue 10, finding 2: one port attached to two servers at the same moment. Each attach
/// held only its own server's lock, so both passed the port's checks, both claimed a VF
/// and bound the port; the loser's commit failed on the interface's unique port id (a 500
/// that showed the SQL) and its undo unbound the port the winner had just bound, leaving
/// the winner's VF allocated to a port bound to nobody.
struct PortRaceTests {
    @Test func twoServersAttachingOnePortAtOnceGetOneWinnerAndA409() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 2, pfCount: 1, vfsPerPF: 4), removalDelay: .zero)
        try await harness.run { api in
            let service = harness.service
            let network = HeldBindNetwork(base: service.network)
            // A manager over the same ledger and hypervisor whose first bind waits for the test.
            let manager = harness.manager(network: network)
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let servers = [try await api.boot(), try await api.boot()]
            let ids = try servers.map { try #require(UUID(uuidString: $0)) }

            let first = Task { try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: ids[0], context: DetachRaceTests.admin()) }
            await network.waitForBinds(1)
            let second = Task { try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: ids[1], context: DetachRaceTests.admin()) }
            // The second attach must not reach the network while the first holds the port;
            // give it every chance to (before the fix it was at the gate within a millisecond).
            try await Task.sleep(for: .milliseconds(100))
            #expect(await network.bindsSeen == 1)
            await network.release()

            let winner = try await first.value
            #expect(winner.portID == port)
            do {
                _ = try await second.value
                Issue.record("the second attach of the same port succeeded")
            } catch let error as ComputeError {
                #expect(error == .portInUse(port))
            }
            await manager.backgroundTasks.waitUntilIdle()
            // The winner's binding is untouched and its VF the only one allocated.
            let bound = try await api.port(port)
            #expect(bound["device_id"]?.stringValue == servers[0])
            let slot = try #require(bound["binding:profile"]?["pci_slot"]?.stringValue)
            let allocated = try await api.pciStatuses().filter { $0.value == "allocated" }
            #expect(Array(allocated.keys) == [slot])
            #expect(try await api.interfacePortIDs(servers[0]) == [port])
            #expect(try await api.interfacePortIDs(servers[1]) == [])
        }
    }
}

/// The embedded network, except that binds wait until the test releases them, counting
/// the binds that arrived.
actor HeldBindNetwork: NetworkDecorator {
    nonisolated let base: any NetworkService
    private(set) var bindsSeen = 0
    private var released = false
    private var held: [CheckedContinuation<Void, Never>] = []
    private var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(base: any NetworkService) {
        self.base = base
    }

    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> NetworkModel.Port {
        bindsSeen += 1
        for watcher in watchers where watcher.count <= bindsSeen { watcher.continuation.resume() }
        watchers.removeAll { $0.count <= bindsSeen }
        if !released { await withCheckedContinuation { held.append($0) } }
        return try await base.bindPort(id, binding)
    }

    /// Returns once `count` binds have arrived.
    func waitForBinds(_ count: Int) async {
        guard bindsSeen < count else { return }
        await withCheckedContinuation { watchers.append((count, $0)) }
    }

    func release() {
        released = true
        for continuation in held { continuation.resume() }
        held = []
    }
}
