/// Everything the host says about its PCI devices at one moment: what a scan returns and
/// what device_spec parsing and matching consult (PF detection, devname resolution).
public struct HostSnapshot: Sendable, Hashable, Codable {
    /// Sorted by address.
    public var devices: [DiscoveredDevice]
    public var numaTopology: HostNUMATopology
    /// Every network interface backed by a PCI device: name → device address.
    public var netdevs: [String: PCIAddress]

    public init(devices: [DiscoveredDevice], numaTopology: HostNUMATopology, netdevs: [String: PCIAddress] = [:]) {
        self.devices = devices.sorted { $0.address < $1.address }
        self.numaTopology = numaTopology
        var names = netdevs
        for device in devices {
            if let name = device.netdevName, names[name] == nil { names[name] = device.address }
        }
        self.netdevs = names
    }

    public static let empty = HostSnapshot(devices: [], numaTopology: .none)

    public func device(at address: PCIAddress) -> DiscoveredDevice? {
        // Sorted: a binary search keeps spec parsing linear on hosts with thousands of VFs.
        var low = 0
        var high = devices.count
        while low < high {
            let mid = (low + high) / 2
            if devices[mid].address < address { low = mid + 1 } else { high = mid }
        }
        return low < devices.count && devices[low].address == address ? devices[low] : nil
    }

    /// The device behind a netdev name, as `/sys/class/net/<name>/device` resolves it.
    public func device(forNetdev name: String) -> DiscoveredDevice? {
        netdevs[name].flatMap { device(at: $0) }
    }
}
