import ComputeModel
import Foundation
import PCI

/// Two hosts of one cloud for the admin API tests: `compute0` up and enabled, `compute1`
/// down (its heartbeat stopped) and disabled with a reason.
enum HostFixtures {
    static let firstID = UUID(uuidString: "aaaaaaaa-1111-4222-8333-444444444444")!
    static let secondID = UUID(uuidString: "bbbbbbbb-1111-4222-8333-444444444444")!
    static let seen = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z

    static let hosts = [
        ComputeHostStatus(host: ComputeHost(id: firstID, name: "compute0", peerURL: "http://192.0.2.10:8774", lastSeenAt: seen,
                                            createdAt: seen, updatedAt: seen, number: 1), isUp: true),
        ComputeHostStatus(host: ComputeHost(id: secondID, name: "compute1", peerURL: "http://compute1.example:8774", disabled: true,
                                            disabledReason: "maintenance", lastSeenAt: seen.addingTimeInterval(-600), createdAt: seen,
                                            updatedAt: seen, number: 2), isUp: false),
    ]

    static let pools = [
        PCIPoolSummary(vendorID: "8086", productID: "1520", deviceType: .virtualFunction, physicalNetwork: "physnet1", numaNode: 0,
                       total: 4, free: 3),
        PCIPoolSummary(vendorID: "8086", productID: "1521", deviceType: .physicalFunction, physicalNetwork: nil, numaNode: nil,
                       total: 1, free: 0),
    ]

    static func harness() async -> APIHarness {
        let harness = APIHarness()
        await harness.service.setHosts(hosts)
        await harness.service.setPools(pools, on: "compute0")
        await harness.service.setHostedServers([.init(id: Fixtures.serverID, name: "vm1")], on: "compute0")
        return harness
    }
}
