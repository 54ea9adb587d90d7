import PCI

/// The ledger's devices as operators count them: how many by physnet, NUMA node, PF, type
/// and status (`sriov_compute_pci_devices`), and each quarantined device by itself, with
/// the labels the SR-IOV exporters use (`pciAddr`, `pf`, `vf`, `numa_node`), so an alert
/// names the device to look at.
struct DeviceCensus {
    /// What a device is counted by, in the values the ledger holds: hashing these is cheap,
    /// and only the groups (a few per PF) are turned into label text.
    struct Group: Hashable {
        var physnet: String?
        var numaNode: Int?
        var pf: PCIAddress?
        var type: PCIDeviceType
        var status: PCIDeviceStatus
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
        let samples = counts.map { group, count in
            ([("hostname", hostName), ("physnet", group.physnet ?? ""), ("numa_node", group.numaNode.map(String.init) ?? ""),
              ("pf", group.pf?.description ?? ""), ("dev_type", group.type.rawValue), ("status", group.status.rawValue)], count)
        }
        // Sorted, so that two scrapes of the same ledger read the same.
        for (labels, count) in samples.sorted(by: { $0.0.map(\.1).lexicographicallyPrecedes($1.0.map(\.1)) }) {
            writer.sample(name, labels, count)
        }
        let single = "sriov_compute_pci_device_quarantined"
        writer.family(single, .gauge, help: "1 for each quarantined device: its release could not be confirmed.")
        for device in quarantined.sorted(by: { $0.address < $1.address }) {
            writer.sample(single, [
                ("hostname", hostName), ("pciAddr", device.address.description), ("pf", Self.pf(of: device)?.description ?? ""),
                ("vf", device.vfNumber.map(String.init) ?? ""), ("numa_node", device.numaNode.map(String.init) ?? ""),
                ("owner", device.instanceUUID?.uuidString.lowercased() ?? ""),
            ], 1)
        }
        buffer = writer.buffer
    }

    static func group(of device: PCIDevice) -> Group {
        Group(physnet: device.physicalNetwork, numaNode: device.numaNode, pf: pf(of: device), type: device.type, status: device.status)
    }

    /// A VF's or vDPA device's PF, a PF itself; nil for a device of no PF.
    static func pf(of device: PCIDevice) -> PCIAddress? {
        device.parentAddress ?? (device.type == .physicalFunction ? device.address : nil)
    }
}
