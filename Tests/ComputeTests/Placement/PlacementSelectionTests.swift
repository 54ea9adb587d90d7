import Compute
import ComputeModel
import Foundation
import PCI
import Testing

/// The pure choice of hosts for a new server: the filters (up, enabled, the PCI requests
/// claimable together with the claim engine's rules) and the spread weigher.
@Suite struct PlacementSelectionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let downAfter: TimeInterval = 60
    static let twoNodes = HostNUMATopology(nodes: [.init(id: 0, socket: 0), .init(id: 1, socket: 0)])

    /// A PF with `vfs` VFs on `node`, tagged with `physnet`, on its own bus.
    static func card(bus: UInt8, vfs: Int, physnet: String = "physnet1", node: Int? = 0, usedVFs: Int = 0) -> [PCIDevice] {
        let pf = PCIAddress(domain: 0, bus: bus, slot: 0, function: 0)
        let tags: [String: TagValue] = ["physical_network": .string(physnet)]
        var devices = [PCIDevice(address: pf, vendorID: "8086", productID: "1528", type: .physicalFunction,
                                 status: usedVFs > 0 ? .unavailable : .available, numaNode: node, tags: tags)]
        for n in 1...vfs {
            var vf = PCIDevice(address: PCIAddress(domain: 0, bus: bus, slot: UInt8(n / 8), function: UInt8(n % 8)), vendorID: "8086", productID: "1515",
                               type: .virtualFunction, numaNode: node, parentAddress: pf, tags: tags)
            if n <= usedVFs {
                vf.status = .allocated
                vf.instanceUUID = UUID()
            }
            devices.append(vf)
        }
        return devices
    }

    static func host(_ name: String, _ devices: [PCIDevice], servers: Int = 0, disabled: Bool = false, lastSeen: TimeInterval = 5,
                     forcedDown: Bool = false, numaCells: [Int]? = nil) -> PlacementHost {
        let service = ComputeModel.ComputeHost(id: UUID(), name: name, peerURL: "http://\(name)", disabled: disabled, forcedDown: forcedDown,
                                  lastSeenAt: now.addingTimeInterval(-lastSeen), createdAt: now, updatedAt: now)
        return PlacementHost(service: service, devices: devices, numa: twoNodes, serverCount: servers, numaCells: numaCells)
    }

    static func request(_ vnic: VNICType = .direct, physnet: String = "physnet1", policy: String? = nil) -> PCIRequest {
        try! PCIRequest.forPort(PortPCIContext(portID: "p-\(UUID().uuidString.prefix(6))", vnicType: vnic, physicalNetwork: physnet,
                                               networkType: "vlan", portNUMAPolicy: policy))!
    }

    func names(_ requests: [PCIRequest], _ hosts: [PlacementHost], forcedHost: String? = nil) -> [String] {
        PlacementSelection.candidates(for: requests, on: hosts, forcedHost: forcedHost, now: Self.now, downAfter: Self.downAfter).map(\.host)
    }

    @Test func onlyHostsWithTheRequestedPhysnetPass() {
        let hosts = [Self.host("a", Self.card(bus: 1, vfs: 4, physnet: "physnet2")), Self.host("b", Self.card(bus: 1, vfs: 2))]
        #expect(names([Self.request()], hosts) == ["b"])
        #expect(names([Self.request(physnet: "physnet3")], hosts) == [])
    }

    @Test func allRequestsMustFitTogether() {
        let hosts = [Self.host("a", Self.card(bus: 1, vfs: 1)), Self.host("b", Self.card(bus: 1, vfs: 2))]
        #expect(names([Self.request(), Self.request()], hosts) == ["b"])
    }

    @Test func deviceTypeFollowsTheVNICType() {
        // A whole PF is free on a only: b's PF has a VF in use (the PF/VF dependency).
        let hosts = [Self.host("a", Self.card(bus: 1, vfs: 2)), Self.host("b", Self.card(bus: 1, vfs: 8, usedVFs: 1))]
        #expect(names([Self.request(.directPhysical)], hosts) == ["a"])
        #expect(names([Self.request(.direct)], hosts) == ["b", "a"])
    }

    @Test func requiredNUMAPolicyOnlyCountsTheServersNodes() {
        // a's VFs are on node 1 and the server would be pinned to node 0 there; b's are on node 0.
        let hosts = [Self.host("a", Self.card(bus: 1, vfs: 4, node: 1), numaCells: [0]), Self.host("b", Self.card(bus: 1, vfs: 2, node: 0), numaCells: [0])]
        #expect(names([Self.request(policy: "required")], hosts) == ["b"])
        // legacy and preferred fall back to another node (legacy: NUMA-less devices only,
        // so it refuses a's too; preferred takes any).
        #expect(names([Self.request(policy: "legacy")], hosts) == ["b"])
        #expect(names([Self.request(policy: "preferred")], hosts) == ["a", "b"])
        // A server without a topology is not NUMA-filtered.
        let unpinned = [Self.host("a", Self.card(bus: 1, vfs: 4, node: 1)), Self.host("b", Self.card(bus: 1, vfs: 2, node: 0))]
        #expect(names([Self.request(policy: "required")], unpinned) == ["a", "b"])
    }

    @Test func disabledAndDownHostsGetNoServers() {
        let hosts = [
            Self.host("disabled", Self.card(bus: 1, vfs: 8), disabled: true),
            Self.host("silent", Self.card(bus: 1, vfs: 8), lastSeen: 61),
            Self.host("forced", Self.card(bus: 1, vfs: 8), forcedDown: true),
            Self.host("up", Self.card(bus: 1, vfs: 1), lastSeen: 60),
        ]
        #expect(names([Self.request()], hosts) == ["up"])
        #expect(names([], hosts) == ["up"])
    }

    @Test func aForcedHostIsTheOnlyCandidateEvenDisabled() {
        let hosts = [Self.host("a", Self.card(bus: 1, vfs: 8)), Self.host("b", Self.card(bus: 1, vfs: 2), disabled: true)]
        #expect(names([Self.request()], hosts, forcedHost: "b") == ["b"])
        // Still up and able to fit: it could not be called, or its claim would fail.
        #expect(names([Self.request(physnet: "physnet9")], hosts, forcedHost: "b") == [])
        let down = [Self.host("a", Self.card(bus: 1, vfs: 8)), Self.host("b", Self.card(bus: 1, vfs: 2), lastSeen: 600)]
        #expect(names([Self.request()], down, forcedHost: "b") == [])
        #expect(names([Self.request()], hosts, forcedHost: "nowhere") == [])
    }

    @Test func spreadMostFreeMatchingDevicesThenFewestServersThenName() {
        let hosts = [
            Self.host("c", Self.card(bus: 1, vfs: 4), servers: 1),
            Self.host("a", Self.card(bus: 1, vfs: 4), servers: 1),
            Self.host("b", Self.card(bus: 1, vfs: 4), servers: 0),
            Self.host("d", Self.card(bus: 1, vfs: 6, usedVFs: 1), servers: 9),
        ]
        #expect(names([Self.request()], hosts) == ["d", "b", "a", "c"])
        let candidates = PlacementSelection.candidates(for: [Self.request()], on: hosts, now: Self.now, downAfter: Self.downAfter)
        #expect(candidates.map(\.freeDevices) == [5, 4, 4, 4])
        #expect(candidates.first?.peerURL == "http://d")
        // Without PCI requests every live, enabled host fits and the fewest servers win.
        #expect(names([], hosts) == ["b", "a", "c", "d"])
    }

    @Test func pinnedCellsAreTheLeastLoadedNodes() {
        #expect(PlacementSelection.pinnedCells(count: 1, nodes: [0, 1], serverCells: [[0], [0, 1]]) == [1])
        #expect(PlacementSelection.pinnedCells(count: 1, nodes: [0, 1], serverCells: []) == [0])
        #expect(PlacementSelection.pinnedCells(count: 2, nodes: [0, 1, 2], serverCells: [[1], [1]]) == [0, 2])
    }
}
