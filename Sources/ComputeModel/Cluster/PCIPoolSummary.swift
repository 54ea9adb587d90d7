import PCI

/// One pool of a host's devices, as Nova's `PciDevicePool`: the devices alike in vendor,
/// product, type, physical network and NUMA node, how many the host tracks and how many
/// are free to claim.
public struct PCIPoolSummary: Sendable, Hashable {
    public var vendorID: String
    public var productID: String
    public var deviceType: PCIDeviceType
    public var physicalNetwork: String?
    public var numaNode: Int?
    /// Devices the host has (those gone from it, removed or deleted, are not counted).
    public var total: Int
    /// Devices `available` to a claim now.
    public var free: Int

    public init(vendorID: String, productID: String, deviceType: PCIDeviceType, physicalNetwork: String?, numaNode: Int?,
                total: Int, free: Int) {
        self.vendorID = vendorID
        self.productID = productID
        self.deviceType = deviceType
        self.physicalNetwork = physicalNetwork
        self.numaNode = numaNode
        self.total = total
        self.free = free
    }

    /// The pools of `devices`, in a stable order (vendor, product, type, physnet, node).
    public static func pools(of devices: [PCIDevice]) -> [PCIPoolSummary] {
        var pools: [PoolKey: PCIPoolSummary] = [:]
        for device in devices where !device.status.isGone {
            let key = PoolKey(vendorID: device.vendorID, productID: device.productID, deviceType: device.type,
                              physicalNetwork: device.physicalNetwork, numaNode: device.numaNode)
            var pool = pools[key] ?? PCIPoolSummary(vendorID: key.vendorID, productID: key.productID, deviceType: key.deviceType,
                                                    physicalNetwork: key.physicalNetwork, numaNode: key.numaNode, total: 0, free: 0)
            pool.total += 1
            if device.status == .available { pool.free += 1 }
            pools[key] = pool
        }
        return pools.values.sorted {
            ($0.vendorID, $0.productID, $0.deviceType.rawValue, $0.physicalNetwork ?? "", $0.numaNode ?? -1)
                < ($1.vendorID, $1.productID, $1.deviceType.rawValue, $1.physicalNetwork ?? "", $1.numaNode ?? -1)
        }
    }

    private struct PoolKey: Hashable {
        var vendorID: String
        var productID: String
        var deviceType: PCIDeviceType
        var physicalNetwork: String?
        var numaNode: Int?
    }
}
