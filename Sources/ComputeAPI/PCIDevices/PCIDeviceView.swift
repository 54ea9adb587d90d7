import ComputeModel
import JSONModel
import PCI

/// One `os-pci-devices` entry: the ledger row with Nova's `PciDevice` field names, and for
/// a quarantined device why and since when (`quarantine_reason`, `quarantined_at`): fields
/// of this service, only on quarantined devices, so every other entry is Nova's shape.
enum PCIDeviceView {
    static func view(_ listing: PCIDeviceListing) -> JSON {
        let device = listing.device
        var view: [String: JSON] = [
            "address": .string(device.address.description),
            "vendor_id": .string(device.vendorID),
            "product_id": .string(device.productID),
            "dev_type": .string(device.type.rawValue),
            "status": .string(device.status.rawValue),
            "instance_uuid": .optional(device.instanceUUID?.lowercasedString),
            "request_id": .optional(device.requestID?.lowercasedString),
            "numa_node": device.numaNode.map(JSON.int) ?? .null,
            "parent_addr": .optional(device.parentAddress?.description),
            "parent_ifname": .optional(device.parentIfname),
            "physical_network": .optional(device.physicalNetwork),
            "host": .string(listing.host),
        ]
        if device.status == .quarantined {
            view["quarantine_reason"] = .optional(device.quarantineReason)
            view["quarantined_at"] = .optional(device.quarantinedAt.map(NovaTime.primitive))
        }
        return .object(view)
    }
}
