import TestSupport
import Foundation
import JSONModel
import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("EmbeddedNetworkService: ports, addresses and MACs")
struct EmbeddedPortTests {
    @Test("ports get the first free address of the pool, never the gateway")
    func sequentialAddresses() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let first = try await fixture.port(on: network)
        let second = try await fixture.port(on: network)
        #expect(first.fixedIPs == [FixedIP(subnetID: network.subnetIDs[0], ipAddress: "10.99.0.2")])
        #expect(second.fixedIPs.map(\.ipAddress) == ["10.99.0.3"])
        try await fixture.service.deletePort(id: first.id, caller: .admin)
        #expect(try await fixture.port(on: network).fixedIPs.map(\.ipAddress) == ["10.99.0.2"])
    }

    @Test("an exhausted subnet is a 409 IpAddressGenerationFailure")
    func exhaustion() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork(cidr: "10.0.0.0/29")  // hosts .1–.6, gateway .1
        for _ in 0..<5 { _ = try await fixture.port(on: network) }
        await #expect(throws: NetworkFault.ipGenerationFailure(network: network.id)) { try await fixture.port(on: network) }
    }

    @Test("a second subnet serves when the first is full")
    func secondSubnet() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork(cidr: "10.0.0.0/30")  // hosts .1 (gateway) and .2
        #expect(try await fixture.port(on: network).fixedIPs.map(\.ipAddress) == ["10.0.0.2"])
        let second = try await fixture.service.createSubnet(SubnetCreate(networkID: network.id, cidr: "10.0.1.0/24"), caller: .admin)
        #expect(try await fixture.port(on: network).fixedIPs == [FixedIP(subnetID: second.id, ipAddress: "10.0.1.2")])
    }

    @Test("a network without subnets gives ports no address")
    func noSubnets() async throws {
        let fixture = try EmbeddedNetworkFixture()
        #expect(try await fixture.port(on: try await fixture.vlanNetwork(cidr: nil)).fixedIPs.isEmpty)
    }

    @Test("requested addresses: specific, taken, outside, by subnet, none")
    func requestedAddresses() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let subnet = network.subnetIDs[0]
        func create(_ ips: [FixedIPRequest]?) async throws -> NetworkModel.Port {
            try await fixture.service.createPort(PortCreate(networkID: network.id, fixedIPs: ips), caller: .admin)
        }
        #expect(try await create([FixedIPRequest(ipAddress: "10.99.0.50")]).fixedIPs == [FixedIP(subnetID: subnet, ipAddress: "10.99.0.50")])
        await #expect(throws: NetworkFault.ipAlreadyAllocated("10.99.0.50", subnet: subnet)) {
            try await create([FixedIPRequest(subnetID: subnet, ipAddress: "10.99.0.50")])
        }
        await #expect(throws: NetworkFault.ipAlreadyAllocated("10.99.0.1", subnet: subnet)) { try await create([FixedIPRequest(ipAddress: "10.99.0.1")]) }
        await #expect(throws: NetworkFault.invalidIPForNetwork("10.1.0.5")) { try await create([FixedIPRequest(ipAddress: "10.1.0.5")]) }
        await #expect(throws: NetworkFault.invalidIPForSubnet("10.99.0.255")) { try await create([FixedIPRequest(subnetID: subnet, ipAddress: "10.99.0.255")]) }
        await #expect(throws: NetworkFault.subnetNotFound("nope")) { try await create([FixedIPRequest(subnetID: "nope")]) }
        #expect(try await create([FixedIPRequest(subnetID: subnet)]).fixedIPs.map(\.ipAddress) == ["10.99.0.2"])
        #expect(try await create([]).fixedIPs.isEmpty)
    }

    @Test("updating fixed_ips keeps a subnet-only entry's address and frees the rest")
    func updateFixedIPs() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let subnet = network.subnetIDs[0]
        let port = try await fixture.service.createPort(
            PortCreate(networkID: network.id, fixedIPs: [FixedIPRequest(ipAddress: "10.99.0.9")]), caller: .admin)
        let kept = try await fixture.service.updatePort(id: port.id, PortUpdate(fixedIPs: [FixedIPRequest(subnetID: subnet)]), caller: .admin)
        #expect(kept.fixedIPs.map(\.ipAddress) == ["10.99.0.9"])
        let moved = try await fixture.service.updatePort(id: port.id, PortUpdate(fixedIPs: [FixedIPRequest(ipAddress: "10.99.0.20")]), caller: .admin)
        #expect(moved.fixedIPs.map(\.ipAddress) == ["10.99.0.20"])
        let other = try await fixture.service.createPort(
            PortCreate(networkID: network.id, fixedIPs: [FixedIPRequest(ipAddress: "10.99.0.9")]), caller: .admin)
        #expect(other.fixedIPs.map(\.ipAddress) == ["10.99.0.9"])
    }

    @Test("generated MACs are unique; a colliding candidate is skipped")
    func macUniqueness() async throws {
        // The generator repeats its first value once, so the second port must retry.
        let sequence = ScriptedSuffixes([1, 1, 2, 3, 4, 5, 6, 7])
        let fixture = try EmbeddedNetworkFixture(macGenerator: MACAddressGenerator { sequence.next() })
        let network = try await fixture.vlanNetwork()
        let macs = try await [fixture.port(on: network), fixture.port(on: network), fixture.port(on: network)].map(\.macAddress)
        #expect(macs == ["fa:16:3e:00:00:01", "fa:16:3e:00:00:02", "fa:16:3e:00:00:03"])
    }

    @Test("many random MACs never repeat")
    func manyMACs() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork(cidr: nil)
        var macs: Set<String> = []
        for _ in 0..<100 { macs.insert(try await fixture.port(on: network).macAddress) }
        #expect(macs.count == 100)
    }

    @Test("a generator that only repeats fails after Neutron's 16 retries")
    func macGenerationFailure() async throws {
        let fixture = try EmbeddedNetworkFixture(macGenerator: MACAddressGenerator { 42 })
        let network = try await fixture.vlanNetwork(cidr: nil)
        _ = try await fixture.port(on: network)
        await #expect(throws: NetworkFault.macGenerationFailure(network: network.id)) { try await fixture.port(on: network) }
    }

    @Test("a requested MAC in use on the network is a 409 MacAddressInUse")
    func macInUse() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        _ = try await fixture.service.createPort(PortCreate(networkID: network.id, macAddress: "52:54:00:00:00:01"), caller: .admin)
        await #expect(throws: NetworkFault.macAddressInUse("52:54:00:00:00:01", network: network.id)) {
            try await fixture.service.createPort(PortCreate(networkID: network.id, macAddress: "52:54:00:00:00:01"), caller: .admin)
        }
        let other = try await fixture.vlanNetwork(vlan: 102)
        #expect(try await fixture.service.createPort(PortCreate(networkID: other.id, macAddress: "52:54:00:00:00:01"), caller: .admin).macAddress == "52:54:00:00:00:01")
    }

    @Test("port validation: unknown vnic type, bad NUMA policy, missing network")
    func validation() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        await #expect(throws: NetworkFault.self) { try await fixture.port(on: network, vnicType: "sriov") }
        await #expect(throws: NetworkFault.invalidAttribute("numa_affinity_policy", reason: "'strict' is not in ['None', 'required', 'legacy', 'preferred', 'socket']")) {
            try await fixture.service.createPort(PortCreate(networkID: network.id, numaAffinityPolicy: "strict"), caller: .admin)
        }
        await #expect(throws: NetworkFault.networkNotFound("nope")) {
            try await fixture.service.createPort(PortCreate(networkID: "nope"), caller: .admin)
        }
        let port = try await fixture.service.createPort(PortCreate(networkID: network.id, numaAffinityPolicy: "required"), caller: .admin)
        #expect(port.numaAffinityPolicy == "required")
        let cleared = try await fixture.service.updatePort(id: port.id, PortUpdate(numaAffinityPolicy: .some(nil)), caller: .admin)
        #expect(cleared.numaAffinityPolicy == nil)
    }

    @Test("creating with a host binds at once")
    func createBound() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let port = try await fixture.service.createPort(
            PortCreate(networkID: network.id, vnicType: "direct", bindingHostID: "compute0", bindingProfile: ["pci_slot": "0000:81:11.0"]),
            caller: .admin)
        #expect(port.vifType == "hw_veb")
    }

    @Test("deleting a port bound to a server is allowed and frees its address")
    func deleteBound() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let port = try await fixture.port(on: network)
        _ = try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding())
        try await fixture.service.deletePort(id: port.id, caller: .admin)
        await #expect(throws: NetworkError.portNotFound(port.id)) { try await fixture.service.port(id: port.id) }
        #expect(try await fixture.port(on: network).fixedIPs == port.fixedIPs)
    }

    @Test("list filters by device, name and fixed IP")
    func filters() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let named = try await fixture.service.createPort(PortCreate(networkID: network.id, name: "vf-osc"), caller: .admin)
        _ = try await fixture.port(on: network)
        #expect(try await fixture.service.ports(matching: PortFilter(names: ["vf-osc"]), caller: .admin).map(\.id) == [named.id])
        #expect(try await fixture.service.ports(matching: PortFilter(fixedIPs: [FixedIPRequest(ipAddress: "10.99.0.2")]), caller: .admin).map(\.id) == [named.id])
        #expect(try await fixture.service.ports(matching: PortFilter(networkIDs: [network.id]), caller: .admin).count == 2)
    }
}

/// A thread-safe scripted sequence of MAC suffixes for the generator.
final class ScriptedSuffixes: Sendable {
    private let values: LockedValues

    init(_ values: [UInt32]) { self.values = LockedValues(values) }

    func next() -> UInt32 { values.pop() }
}

/// `@unchecked Sendable` is safe: `values` is only touched while `lock` is held.
final class LockedValues: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [UInt32]

    init(_ values: [UInt32]) { self.values = values }

    func pop() -> UInt32 {
        lock.withLock { values.isEmpty ? 0 : values.removeFirst() }
    }
}
