import PCI

/// Turns per-directory facts into Nova's device model: classifies each device and copies
/// the PF facts a VF is reported with (parent netdev and MAC, VF number, serial).
///
/// Every cross-reference goes through a dictionary built once, so a host with 64 PFs of
/// 256 VFs each costs one pass, not a search of 16,000 devices per VF.
enum DeviceAssembler {
    static func assemble(_ raws: [RawPCIDevice], warnings: inout [String]) -> [DiscoveredDevice] {
        var byAddress: [PCIAddress: RawPCIDevice] = [:]
        byAddress.reserveCapacity(raws.count)
        // The N of the PF's `virtfnN` link that points at each VF, keyed by VF.
        var vfNumbers: [PCIAddress: (parent: PCIAddress, number: Int)] = [:]
        for raw in raws {
            byAddress[raw.address] = raw
            guard raw.isPhysicalFunction else { continue }
            for vf in raw.virtualFunctions { vfNumbers[vf.address] = (raw.address, vf.number) }
        }
        return raws.map { raw in
            if raw.isPhysicalFunction { return physicalFunction(raw) }
            guard let parentAddress = raw.physicalFunction else { return plainDevice(raw) }
            let parent = byAddress[parentAddress]
            if parent == nil {
                warnings.append("\(raw.address): its PF \(parentAddress) (physfn) is not among the PCI devices")
            }
            let number = vfNumbers[raw.address].flatMap { $0.parent == parentAddress ? $0.number : nil }
            return childFunction(raw, parentAddress: parentAddress, parent: parent, vfNumber: number)
        }
    }

    private static func physicalFunction(_ raw: RawPCIDevice) -> DiscoveredDevice {
        var device = common(raw, type: .physicalFunction)
        device.totalVFs = raw.totalVFs
        device.enabledVFs = raw.enabledVFs
        device.vfProductID = raw.vfProductID
        return device
    }

    private static func childFunction(
        _ raw: RawPCIDevice, parentAddress: PCIAddress, parent: RawPCIDevice?, vfNumber: Int?
    ) -> DiscoveredDevice {
        // Nova: a VF that is the parent of a vDPA device is reported as the vDPA device.
        var device = common(raw, type: raw.vdpaName == nil ? .virtualFunction : .vdpa)
        device.parentAddress = parentAddress
        device.parentIfname = parent?.netdevName
        device.pfMACAddress = parent?.macAddress
        device.vfNumber = vfNumber
        // VFs rarely carry VPD of their own; the card's serial is the PF's.
        device.cardSerialNumber = raw.serialNumber ?? parent?.serialNumber
        device.vdpaName = raw.vdpaName
        return device
    }

    private static func plainDevice(_ raw: RawPCIDevice) -> DiscoveredDevice {
        common(raw, type: .pci)
    }

    private static func common(_ raw: RawPCIDevice, type: PCIDeviceType) -> DiscoveredDevice {
        DiscoveredDevice(
            address: raw.address, vendorID: raw.vendorID, productID: raw.productID, type: type,
            classCode: raw.classCode, numaNode: raw.numaNode, netdevName: raw.netdevName,
            macAddress: raw.macAddress, cardSerialNumber: raw.serialNumber, iommuGroup: raw.iommuGroup)
    }
}
