import JSONModel
import PCI

/// The `binding:profile` keys Nova writes for a PCI device (nova-behavior §5.3): vendor
/// info, slot and the device's physnet tag for every device; the PF's MAC and the VF
/// number (and the card serial when known) for VFs; the PF's own MAC for PFs.
enum BindingProfile {
    static func keys(for device: PCIDevice) -> [String: JSON] {
        var profile: [String: JSON] = [
            "pci_vendor_info": .string(device.vendorInfo),
            "pci_slot": .string(device.address.description),
            // The device_spec tag, not the network's physnet (§9.7): null for tunnel devices.
            "physical_network": JSON.optional(device.physicalNetwork),
        ]
        switch device.type {
        case .virtualFunction:
            if let pfMAC = device.pfMACAddress, let number = device.vfNumber {
                profile["pf_mac_address"] = .string(pfMAC)
                profile["vf_num"] = .int(number)
            }
            if let serial = device.cardSerialNumber, !serial.isEmpty {
                profile["card_serial_number"] = .string(serial)
            }
        case .physicalFunction:
            if let mac = device.macAddress { profile["device_mac_address"] = .string(mac) }
        case .vdpa, .pci:
            break
        }
        return profile
    }
}
