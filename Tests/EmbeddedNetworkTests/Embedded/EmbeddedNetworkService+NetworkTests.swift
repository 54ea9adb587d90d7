import TestSupport
import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("EmbeddedNetworkService: networks and subnets")
struct EmbeddedNetworkTests {
    @Test("a VLAN provider network keeps its provider attributes; MTU 1500")
    func vlanNetwork() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        #expect(network.networkType == "vlan")
        #expect(network.physicalNetwork == "physnet1")
        #expect(network.segmentationID == 101)
        #expect(network.mtu == 1500)
        #expect(network.status == "ACTIVE")
        #expect(network.subnetIDs.count == 1)
        #expect(!network.isTunnelled)
        #expect(try await fixture.service.network(id: network.id) == network)
    }

    @Test("a plain network is a vxlan tenant network with the lowest free VNI and MTU 1450")
    func tenantNetworks() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let first = try await fixture.service.createNetwork(NetworkCreate(name: "a"), caller: EmbeddedNetworkFixture.alice)
        let second = try await fixture.service.createNetwork(NetworkCreate(name: "b"), caller: EmbeddedNetworkFixture.alice)
        #expect(first.networkType == "vxlan")
        #expect(first.isTunnelled)
        #expect([first.segmentationID, second.segmentationID] == [1, 2])
        #expect(first.mtu == 1450)
        #expect(first.projectID == "alice-project")
    }

    @Test("segments are used once: VLAN, flat physnet, tunnel id")
    func segmentConflicts() async throws {
        let fixture = try EmbeddedNetworkFixture()
        _ = try await fixture.vlanNetwork()
        await #expect(throws: NetworkFault.vlanInUse(101, physnet: "physnet1")) { try await fixture.vlanNetwork(cidr: nil) }
        _ = try await fixture.vlanNetwork(physnet: "physnet2", cidr: nil)
        _ = try await fixture.network(type: "flat", physnet: "physnet1")
        await #expect(throws: NetworkFault.flatNetworkInUse(physnet: "physnet1")) { try await fixture.network(type: "flat", physnet: "physnet1") }
        _ = try await fixture.network(type: "vxlan", segmentationID: 7)
        await #expect(throws: NetworkFault.tunnelIDInUse(7)) { try await fixture.network(type: "vxlan", segmentationID: 7) }
    }

    @Test("provider attributes, shared and external are admin-only (403)")
    func providerPolicy() async throws {
        let fixture = try EmbeddedNetworkFixture()
        await #expect(throws: NetworkFault.policyNotAuthorized("create_network:provider:network_type")) {
            try await fixture.service.createNetwork(NetworkCreate(networkType: "vlan", physicalNetwork: "physnet1", segmentationID: 5), caller: EmbeddedNetworkFixture.alice)
        }
        await #expect(throws: NetworkFault.policyNotAuthorized("create_network:shared")) {
            try await fixture.service.createNetwork(NetworkCreate(shared: true), caller: EmbeddedNetworkFixture.alice)
        }
    }

    @Test("MTU: defaults per type, bounded by it")
    func mtu() async throws {
        let fixture = try EmbeddedNetworkFixture()
        await #expect(throws: NetworkFault.invalidInput("Requested MTU is too big, maximum is 1450")) {
            try await fixture.service.createNetwork(NetworkCreate(mtu: 9000), caller: .admin)
        }
        await #expect(throws: NetworkFault.invalidAttribute("mtu", reason: "'10' is too small - must be at least '68'")) {
            try await fixture.service.createNetwork(NetworkCreate(mtu: 10), caller: .admin)
        }
        #expect(try await fixture.service.createNetwork(NetworkCreate(mtu: 1400), caller: .admin).mtu == 1400)
    }

    @Test("update changes the given attributes and bumps the revision")
    func update() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let updated = try await fixture.service.updateNetwork(id: network.id, NetworkUpdate(name: "renamed", description: "d"), caller: .admin)
        #expect(updated.name == "renamed")
        #expect(updated.description == "d")
        #expect(updated.segmentationID == 101)
        #expect(updated.revisionNumber == network.revisionNumber + 1)
    }

    @Test("a network with ports cannot be deleted; without, it goes with its subnets")
    func delete() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let port = try await fixture.port(on: network)
        await #expect(throws: NetworkFault.networkInUse(network.id)) { try await fixture.service.deleteNetwork(id: network.id, caller: .admin) }
        try await fixture.service.deletePort(id: port.id, caller: .admin)
        try await fixture.service.deleteNetwork(id: network.id, caller: .admin)
        await #expect(throws: NetworkError.networkNotFound(network.id)) { try await fixture.service.network(id: network.id) }
        #expect(try await fixture.service.subnets(caller: .admin).isEmpty)
    }

    @Test("overlapping subnets on one network are refused")
    func overlap() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        await #expect(throws: NetworkFault.invalidInput("Requested subnet with cidr: 10.99.0.0/25 for network: \(network.id) overlaps with another subnet")) {
            try await fixture.service.createSubnet(SubnetCreate(networkID: network.id, cidr: "10.99.0.0/25"), caller: .admin)
        }
    }

    @Test("a subnet with allocations cannot be deleted")
    func subnetInUse() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let port = try await fixture.port(on: network)
        let subnet = network.subnetIDs[0]
        await #expect(throws: NetworkFault.subnetInUse(subnet)) { try await fixture.service.deleteSubnet(id: subnet, caller: .admin) }
        try await fixture.service.deletePort(id: port.id, caller: .admin)
        try await fixture.service.deleteSubnet(id: subnet, caller: .admin)
        #expect(try await fixture.service.network(id: network.id).subnetIDs.isEmpty)
    }

    @Test("subnet update changes names, DHCP and DNS")
    func subnetUpdate() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let subnet = try await fixture.service.updateSubnet(
            id: network.subnetIDs[0], SubnetUpdate(name: "s", enableDHCP: false, dnsNameservers: ["8.8.8.8"]), caller: .admin)
        #expect(subnet.name == "s")
        #expect(!subnet.enableDHCP)
        #expect(subnet.dnsNameservers == ["8.8.8.8"])
        #expect(subnet.revisionNumber == 2)
    }

    @Test("network list filters by provider attributes")
    func filters() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let vlan = try await fixture.vlanNetwork()
        _ = try await fixture.network(type: "vxlan")
        #expect(try await fixture.service.networks(matching: NetworkFilter(networkTypes: ["vlan"]), caller: .admin).map(\.id) == [vlan.id])
        #expect(try await fixture.service.networks(matching: NetworkFilter(physicalNetworks: ["physnet1"], segmentationIDs: [101]), caller: .admin).map(\.id) == [vlan.id])
        #expect(try await fixture.service.networks(matching: NetworkFilter(segmentationIDs: [5]), caller: .admin).isEmpty)
    }
}
