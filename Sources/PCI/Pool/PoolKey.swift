/// The properties that decide which pool a device joins (Nova's `_create_pool_keys_from_dev`):
/// ids, NUMA node, type, the device_spec tags except Placement's, the PF address (so each
/// PF's VFs pool apart), the PF netdev, and `remote_managed` defaulting to "false".
public struct PoolKey: Sendable, Hashable {
    public let properties: [String: TagValue]

    public init(device: PCIDevice) {
        var key: [String: TagValue] = [
            "vendor_id": .string(device.vendorID),
            "product_id": .string(device.productID),
            "numa_node": device.numaNode.map(TagValue.int) ?? .null,
            "dev_type": .string(device.type.rawValue),
        ]
        for (tag, value) in device.tags where !DeviceSpec.placementOnlyTags.contains(tag) {
            key[tag] = value
        }
        key["address"] = .string((device.parentAddress ?? device.address).description)
        if let ifname = device.parentIfname, !ifname.isEmpty { key["parent_ifname"] = .string(ifname) }
        if device.type != .pci, key["remote_managed"] == nil || key["remote_managed"] == .null {
            key["remote_managed"] = .string("false")
        }
        properties = key
    }

    public var numaNode: Int? {
        if case .int(let node)? = properties["numa_node"] { return node }
        return nil
    }

    public var deviceType: PCIDeviceType? {
        properties["dev_type"]?.stringValue.flatMap(PCIDeviceType.init(rawValue:))
    }

    public var isRemoteManaged: Bool { BooleanTag.parseLenient(properties["remote_managed"]) }
}
