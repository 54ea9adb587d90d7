import PCI

/// Every device, link and NUMA node a layout turns into, worked out (and checked) before
/// the writer touches the disk, so an invalid layout leaves no half-written tree.
struct FakeHostPlan: Sendable {
    struct Netdev: Sendable {
        var name: String
        var mac: String
    }

    struct SRIOV: Sendable {
        var totalVFs: Int
        /// Index = VF number, as in `virtfnN`.
        var virtualFunctions: [PCIAddress]
        var vfProductID: String
    }

    struct Device: Sendable {
        var address: PCIAddress
        var vendorID: String
        var productID: String
        var classCode: String
        /// What `numa_node` holds: -1 for no affinity, as the kernel writes it.
        var numaNode: Int
        var netdev: Netdev?
        var sriov: SRIOV?
        var physicalFunction: PCIAddress?
        var vpd: [UInt8]?
        var vdpaName: String?
    }

    struct Node: Sendable {
        var id: Int
        var socket: Int
        var cpus: Range<Int>
    }

    static let ethernetClass = "0x020000"
    /// Intel I210: a common onboard NIC without SR-IOV.
    static let extraVendorID = "8086"
    static let extraProductID = "1533"

    var devices: [Device] = []
    var nodes: [Node] = []

    init(_ layout: FakeHostLayout) throws(FakeSysfsError) {
        try layout.validate()
        var netdevNames = Set<String>()
        var vdpaCount = 0
        for pf in 0..<layout.pfCount {
            try addPhysicalFunction(pf, layout, &netdevNames, &vdpaCount)
        }
        for index in 0..<layout.extraPCIDevices {
            // Onboard NICs hang off the chipset, which firmware often gives no NUMA node.
            devices.append(Device(
                address: PCIAddress(domain: 0, bus: 0, slot: UInt8(1 + index / 8), function: UInt8(index % 8)),
                vendorID: Self.extraVendorID, productID: Self.extraProductID, classCode: Self.ethernetClass,
                numaNode: -1,
                netdev: try Self.netdev("eno\(index + 1)", mac: "3c:ec:ef:00:00:" + Self.hex(UInt8(index + 1)), &netdevNames)))
        }
        for id in 0..<layout.numaNodes {
            let first = id * layout.cpusPerNode
            nodes.append(Node(id: id, socket: id * layout.sockets / layout.numaNodes, cpus: first..<first + layout.cpusPerNode))
        }
    }

    private mutating func addPhysicalFunction(
        _ pf: Int, _ layout: FakeHostLayout, _ netdevNames: inout Set<String>, _ vdpaCount: inout Int
    ) throws(FakeSysfsError) {
        let domain = UInt16(pf / 64)
        let bus = UInt8((pf % 64) * 2 + 1)
        let pfAddress = PCIAddress(domain: domain, bus: bus, slot: 0, function: 0)
        let vfAddresses = (0..<layout.vfsPerPF).map {
            PCIAddress(domain: domain, bus: bus + 1, slot: UInt8($0 / 8), function: UInt8($0 % 8))
        }
        let numaNode = pf % layout.numaNodes
        let totalVFs = layout.totalVFsPerPF ?? layout.vfsPerPF

        var vpd: [UInt8]?
        if let pattern = layout.vpdSerialPattern {
            let serial = FakeHostLayout.expand(pattern, pf: pf)
            try FakeHostLayout.checkSerial(serial)
            vpd = VitalProductData(
                identifier: "Fake SR-IOV NIC \(layout.vendorID):\(layout.pfProductID)",
                readOnlyFields: ["PN": Array("FAKE-\(layout.pfProductID)".utf8), "SN": Array(serial.utf8)]
            ).encoded()
        }
        devices.append(Device(
            address: pfAddress, vendorID: layout.vendorID.lowercased(), productID: layout.pfProductID.lowercased(),
            classCode: Self.ethernetClass, numaNode: numaNode,
            netdev: try Self.netdev(FakeHostLayout.expand(layout.pfNetdevPattern, pf: pf),
                                    mac: Self.mac(domain, bus, 0), &netdevNames),
            sriov: totalVFs > 0
                ? SRIOV(totalVFs: totalVFs, virtualFunctions: vfAddresses, vfProductID: layout.vfProductID.lowercased())
                : nil,
            vpd: vpd))

        for (number, address) in vfAddresses.enumerated() {
            var netdev: Netdev?
            if let pattern = layout.vfNetdevPattern {
                // The VF bus is even and every PF bus odd, so VF and PF MACs never collide.
                netdev = try Self.netdev(FakeHostLayout.expand(pattern, pf: pf, vf: number),
                                         mac: Self.mac(domain, bus + 1, UInt8(number)), &netdevNames)
            }
            var vdpaName: String?
            if pf >= layout.pfCount - layout.vdpaPFs {
                vdpaName = "vdpa\(vdpaCount)"
                vdpaCount += 1
            }
            devices.append(Device(
                address: address, vendorID: layout.vendorID.lowercased(), productID: layout.vfProductID.lowercased(),
                classCode: Self.ethernetClass, numaNode: numaNode, netdev: netdev, physicalFunction: pfAddress,
                vdpaName: vdpaName))
        }
    }

    private static func netdev(_ name: String, mac: String, _ names: inout Set<String>) throws(FakeSysfsError) -> Netdev {
        try FakeHostLayout.checkNetdevName(name)
        guard names.insert(name).inserted else {
            throw .invalidLayout("netdev name \(name) is generated twice; the patterns need {pf} (and {vf} for VFs)")
        }
        return Netdev(name: name, mac: mac)
    }

    /// `b8:ce:f6:<domain>:<bus>:<last>` — a Mellanox OUI, unique per function.
    static func mac(_ domain: UInt16, _ bus: UInt8, _ last: UInt8) -> String {
        "b8:ce:f6:" + hex(UInt8(domain)) + ":" + hex(bus) + ":" + hex(last)
    }

    static func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16)
        return byte < 16 ? "0" + text : text
    }
}
