import Foundation
@testable import PCI

/// Small hosts for the PCI tests, written out by hand so that expectations do not come
/// from the code under test.
enum Fixture {
    static let host = "compute0"

    static func address(_ text: String) -> PCIAddress {
        PCIAddress(text)!
    }

    /// The PF of `sriovCard()` and its first two VFs.
    static let pf = address("0000:81:00.0")
    static let vf1 = address("0000:81:00.1")
    static let vf2 = address("0000:81:00.2")

    /// A PF with VFs `.1`…`.n` on one bus, as Nova's functional fixture
    /// (`HostPCIDevicesInfo`): PF 8086:1528, VFs 8086:1515.
    static func sriovCard(
        bus: UInt8 = 0x81, vfs: Int = 4, numaNode: Int? = 0, tags: [String: TagValue] = ["physical_network": .string("physnet2")],
        trackPF: Bool = true, pfMAC: String = "52:54:00:1e:59:c6", ifname: String = "ens1f0"
    ) -> [PCIDevice] {
        let pf = PCIAddress(domain: 0, bus: bus, slot: 0, function: 0)
        var devices: [PCIDevice] = []
        if trackPF {
            devices.append(PCIDevice(address: pf, vendorID: "8086", productID: "1528", type: .physicalFunction,
                                     numaNode: numaNode, tags: tags, netdevName: ifname, macAddress: pfMAC))
        }
        for n in 1...max(vfs, 1) where vfs > 0 {
            devices.append(PCIDevice(
                address: PCIAddress(domain: 0, bus: bus, slot: UInt8(n / 8), function: UInt8(n % 8)),
                vendorID: "8086", productID: "1515", type: .virtualFunction, numaNode: numaNode, parentAddress: pf,
                tags: tags, parentIfname: ifname, pfMACAddress: pfMAC, vfNumber: n - 1))
        }
        return devices
    }

    static func engine(_ devices: [PCIDevice], numa: HostNUMATopology = .none) -> PCIClaimEngine {
        PCIClaimEngine(hostName: host, hostNUMA: numa, devices: devices)
    }

    /// The request Nova builds for a port.
    static func portRequest(
        _ vnic: VNICType = .direct, physnet: String? = "physnet2", networkType: String = "vlan",
        trusted: TagValue? = nil, policy: String? = nil
    ) -> PCIRequest {
        try! PCIRequest.forPort(PortPCIContext(
            portID: "port-\(UUID().uuidString.prefix(8))", vnicType: vnic, physicalNetwork: physnet,
            networkType: networkType, trusted: trusted, portNUMAPolicy: policy))!
    }

    static let twoNodesOneSocket = HostNUMATopology(nodes: [.init(id: 0, socket: 0), .init(id: 1, socket: 0)])
}

extension PCIClaimEngine {
    func status(_ address: PCIAddress) -> PCIDeviceStatus? {
        device(at: address)?.status
    }

    func statuses(_ addresses: [PCIAddress]) -> [PCIDeviceStatus?] {
        addresses.map { status($0) }
    }

    /// Every free device, straight from the ledger (not from the pools).
    var availableCount: Int { allDevices.filter { $0.status == .available }.count }
}
