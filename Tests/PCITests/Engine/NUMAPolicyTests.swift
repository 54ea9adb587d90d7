import Foundation
import Testing
@testable import PCI

/// §4.7: each policy with NUMA-affine, non-affine and NUMA-less devices.
struct NUMAPolicyTests {
    /// One VF on node 0, one on node 1, one with no NUMA information; the PFs untracked.
    func host(node0: Bool = true, node1: Bool = true, none: Bool = true, numa: HostNUMATopology = Fixture.twoNodesOneSocket) -> PCIClaimEngine {
        var devices: [PCIDevice] = []
        if node0 { devices += Fixture.sriovCard(bus: 0x10, vfs: 1, numaNode: 0, trackPF: false) }
        if node1 { devices += Fixture.sriovCard(bus: 0x20, vfs: 1, numaNode: 1, trackPF: false) }
        if none { devices += Fixture.sriovCard(bus: 0x30, vfs: 1, numaNode: nil, trackPF: false) }
        return Fixture.engine(devices, numa: numa)
    }

    let onNode0 = Fixture.address("0000:10:00.1")
    let onNode1 = Fixture.address("0000:20:00.1")
    let noNUMA = Fixture.address("0000:30:00.1")
    let cell0 = InstanceNUMATopology(cells: [0])

    func claim(_ engine: inout PCIClaimEngine, _ policy: NUMAAffinityPolicy, numa: InstanceNUMATopology?) throws(PCIClaimFailure) -> PCIAddress? {
        try engine.claim(Fixture.portRequest(policy: policy.rawValue), for: UUID(), numa: numa).first
    }

    @Test(arguments: NUMAAffinityPolicy.allCases)
    func affineDeviceWinsUnderEveryPolicy(_ policy: NUMAAffinityPolicy) throws {
        var engine = host()
        #expect(try claim(&engine, policy, numa: cell0) == onNode0)
    }

    @Test func requiredNeverRelaxes() throws {
        var engine = host(node0: false)
        let failure = try #require(throws: PCIClaimFailure.self) { try claim(&engine, .required, numa: cell0) }
        #expect(failure.stage == .numaPolicy(policy: .required, freeByNode: [1: 1, nil: 1]))
        #expect(failure.reason == "no free VF on physnet2 on NUMA node 0 (numa_affinity_policy required); 1 free with no NUMA affinity, 1 free on node 1")
    }

    @Test func legacyFallsBackToNUMALessDevicesOnly() throws {
        var engine = host(node0: false)
        #expect(try claim(&engine, .legacy, numa: cell0) == noNUMA)
        let failure = try #require(throws: PCIClaimFailure.self) { try claim(&engine, .legacy, numa: cell0) }
        #expect(failure.stage == .numaPolicy(policy: .legacy, freeByNode: [1: 1]))
        #expect(failure.reason.contains("1 free on node 1"))
    }

    @Test func legacyIsTheDefaultPolicy() throws {
        var engine = host(node0: false, none: false)
        let request = Fixture.portRequest()
        #expect(request.numaPolicy == nil)
        let failure = try #require(throws: PCIClaimFailure.self) { try engine.claim(request, for: UUID(), numa: cell0) }
        #expect(failure.stage == .numaPolicy(policy: .legacy, freeByNode: [1: 1]))
    }

    @Test func preferredFallsBackToNUMALessThenAnyNode() throws {
        var engine = host(node0: false)
        #expect(try claim(&engine, .preferred, numa: cell0) == noNUMA)
        #expect(try claim(&engine, .preferred, numa: cell0) == onNode1)
        #expect(throws: PCIClaimFailure.self) { try claim(&engine, .preferred, numa: cell0) }
    }

    @Test func socketAllowsNodesOnTheSameSocketButNotNUMALessDevices() throws {
        var engine = host(node0: false)
        #expect(try claim(&engine, .socket, numa: cell0) == onNode1)
        let failure = try #require(throws: PCIClaimFailure.self) { try claim(&engine, .socket, numa: cell0) }
        #expect(failure.stage == .numaPolicy(policy: .socket, freeByNode: [nil: 1]))
    }

    @Test func socketRefusesNodesOnAnotherSocket() throws {
        let twoSockets = HostNUMATopology(nodes: [.init(id: 0, socket: 0), .init(id: 1, socket: 1)])
        var engine = host(node0: false, numa: twoSockets)
        #expect(throws: PCIClaimFailure.self) { try claim(&engine, .socket, numa: cell0) }
        #expect(engine.status(onNode1) == .available)
    }

    @Test func socketFailsWithoutSocketInformation() throws {
        let unknown = HostNUMATopology(nodes: [.init(id: 0, socket: nil), .init(id: 1, socket: 0)])
        var engine = host(node0: false, numa: unknown)
        #expect(throws: PCIClaimFailure.self) { try claim(&engine, .socket, numa: cell0) }
        // Strict still works without socket information.
        var affine = host(numa: unknown)
        #expect(try claim(&affine, .socket, numa: cell0) == onNode0)
    }

    @Test(arguments: NUMAAffinityPolicy.allCases)
    func serversWithoutNUMATopologyAreNotFiltered(_ policy: NUMAAffinityPolicy) throws {
        var engine = host(node0: false, none: false)
        #expect(try claim(&engine, policy, numa: nil) == onNode1)
    }

    @Test func multiCellServersAcceptAnyOfTheirNodes() throws {
        var engine = host(node0: false, none: false)
        #expect(try claim(&engine, .required, numa: InstanceNUMATopology(cells: [1, 0])) == onNode1)
    }

    @Test func requiredPolicyCountsEveryPoolOnTheAllowedNodes() throws {
        // Two pools on node 0: after the first drains, the second still serves.
        var devices = Fixture.sriovCard(bus: 0x10, vfs: 1, numaNode: 0, trackPF: false)
        devices += Fixture.sriovCard(bus: 0x11, vfs: 1, numaNode: 0, trackPF: false)
        devices += Fixture.sriovCard(bus: 0x20, vfs: 1, numaNode: 1, trackPF: false)
        var engine = Fixture.engine(devices, numa: Fixture.twoNodesOneSocket)
        #expect(try claim(&engine, .required, numa: cell0) == Fixture.address("0000:10:00.1"))
        #expect(try claim(&engine, .required, numa: cell0) == Fixture.address("0000:11:00.1"))
        #expect(throws: PCIClaimFailure.self) { try claim(&engine, .required, numa: cell0) }
    }
}
