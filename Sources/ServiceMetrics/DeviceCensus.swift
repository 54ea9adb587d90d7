import PCI

/// The ledger's devices as operators count them: how many by physnet, NUMA node, PF, type
/// and status (`sriov_compute_pci_devices`), and each quarantined device by itself, with
/// the labels the SR-IOV exporters use (`pciAddr`, `pf`, `vf`, `numa_node`), so an alert
/// names the device to look at.
struct DeviceCensus {
    struct Group: Hashable {
        var physnet: String
        var numaNode: String
        var pf: String
        var type: String
        var status: String
    }

    let hostName: String
    let devices: [PCIDevice]

    func render(into buffer: inout [UInt8]) {
        var counts: [Group: Int] = [:]
        var quarantined: [PCIDevice] = []
        for device in devices {
            counts[Self.group(of: device), default: 0] += 1
            if device.status == .quarantined { quarantined.append(device) }
        }
        var writer = ExpositionWriter(buffer: buffer)
        let name = "sriov_compute_pci_devices"
        writer.family(name, .gauge, help: "Tracked PCI devices by physnet, NUMA node, PF, type and status.")
        // Sorted, so that two scrapes of the same ledger read the same.
        for (group, count) in counts.sorted(by: { Self.order($0.key).lexicographicallyPrecedes(Self.order($1.key)) }) {
            writer.sample(name, [
                ("hostname", hostName), ("physnet", group.physnet), ("numa_node", group.numaNode), ("pf", group.pf),
                ("dev_type", group.type), ("status", group.status),
            ], count)
        }
        let single = "sriov_compute_pci_device_quarantined"
        writer.family(single, .gauge, help: "1 for each quarantined device: its release could not be confirmed.")
        for device in quarantined.sorted(by: { $0.address < $1.address }) {
            writer.sample(single, [
                ("hostname", hostName), ("pciAddr", device.address.description), ("pf", Self.pf(of: device)),
                ("vf", device.vfNumber.map(String.init) ?? ""), ("numa_node", device.numaNode.map(String.init) ?? ""),
                ("owner", device.instanceUUID?.uuidString.lowercased() ?? ""),
            ], 1)
        }
        buffer = writer.buffer
    }

    static func group(of device: PCIDevice) -> Group {
        Group(physnet: device.physicalNetwork ?? "", numaNode: device.numaNode.map(String.init) ?? "",
              pf: pf(of: device), type: device.type.rawValue, status: device.status.rawValue)
    }

    /// A VF's or vDPA device's PF, a PF itself; empty for a device of no PF.
    static func pf(of device: PCIDevice) -> String {
        if let parent = device.parentAddress { return parent.description }
        return device.type == .physicalFunction ? device.address.description : ""
    }

    private static func order(_ group: Group) -> [String] {
        [group.physnet, group.numaNode, group.pf, group.type, group.status]
    }
}
