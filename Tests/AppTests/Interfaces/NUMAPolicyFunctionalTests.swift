import Foundation
import JSONModel
import Testing

/// NUMA affinity through the whole service: two PFs, PF 0 (VFs 0000:02:00.x) on node 0
/// and PF 1 (0000:04:00.x) on node 1; flavors pin servers to one node.
struct NUMAPolicyFunctionalTests {
    static func host() async throws -> ServiceHarness {
        try await ServiceHarness.make(fakeHost: .init(numaNodes: 2, pfCount: 2, vfsPerPF: 1), trackPFs: false)
    }

    @Test func requiredRefusesAVFOnTheOtherNodeAndExplains() async throws {
        let harness = try await Self.host()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let first = try await api.createPort(network: net, vnicType: "direct")
            let second = try await api.createPort(network: net, vnicType: "direct")
            // The first server takes node 0 (the least loaded) and its VF.
            let pinned = try await api.boot(flavor: "numa.required", ports: [first])
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "allocated")
            // A second server lands on node 1; a third on node 0 again, whose VF is taken.
            _ = try await api.boot(flavor: "numa.required")
            let third = try await api.boot(flavor: "numa.required")
            let reply = try await api.attach(third, port: second)
            #expect(reply.status == 400)
            #expect(reply.faultMessage == "Failed to claim PCI device for \(third) during interface attach: no free VF on physnet2 on NUMA node 0 (numa_affinity_policy required); 1 free on node 1")
            #expect(try await api.server(third)["status"] == "ACTIVE")
            _ = pinned
        }
    }

    @Test func preferredFallsBackToTheOtherNode() async throws {
        let harness = try await Self.host()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let first = try await api.createPort(network: net, vnicType: "direct")
            let second = try await api.createPort(network: net, vnicType: "direct")
            _ = try await api.boot(flavor: "numa.required", ports: [first])   // node 0's VF
            _ = try await api.boot(flavor: "numa.preferred")                  // node 1
            let third = try await api.boot(flavor: "numa.preferred")          // node 0 again
            #expect(try await api.attach(third, port: second).status == 200)
            #expect(try await api.pciStatuses()["0000:04:00.0"] == "allocated")
        }
    }

    @Test func portPolicyOverridesTheFlavor() async throws {
        let harness = try await Self.host()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let first = try await api.createPort(network: net, vnicType: "direct")
            let strict = try await api.createPort(network: net, vnicType: "direct", extra: ["numa_affinity_policy": "required"])
            _ = try await api.boot(flavor: "numa.preferred", ports: [first])   // node 0's VF
            _ = try await api.boot(flavor: "numa.preferred")                   // node 1
            let third = try await api.boot(flavor: "numa.preferred")           // node 0
            let reply = try await api.attach(third, port: strict)
            #expect(reply.status == 400)
            #expect(reply.faultMessage?.contains("numa_affinity_policy required") == true)
        }
    }
}
