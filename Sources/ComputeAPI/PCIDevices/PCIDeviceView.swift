import ComputeModel
import JSONModel
import PCI

/// One `os-pci-devices` entry: the ledger row with Nova's `PciDevice` field names.
enum PCIDeviceView {
    static func view(_ listing: PCIDeviceListing) -> JSON {
        let device = listing.device
        return [
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
    }
}
