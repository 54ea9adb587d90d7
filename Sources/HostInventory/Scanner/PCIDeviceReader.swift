import PCI

/// Reads one `bus/pci/devices/<address>` directory into a `RawPCIDevice`.
///
/// The directory is listed once and only the files it holds are opened, so a device
/// without SR-IOV or VPD costs no failed `open` calls: on a host with 16,000 VFs the scan
/// is dominated by system calls.
struct PCIDeviceReader {
    let address: PCIAddress
    /// The path through `bus/pci/devices`; the kernel resolves the symlink.
    let directory: String
    /// `directory`, open: every file of the device is read relative to it.
    let descriptor: Int32

    /// `nil` when the directory vanished or cannot be listed (a hot-unplug during the scan
    /// looks like this); a warning says so.
    static func read(address: PCIAddress, directory: String, warnings: inout [String]) throws(InventoryError) -> RawPCIDevice? {
        let descriptor: Int32
        do {
            descriptor = try FileSystem.openDirectory(directory)
        } catch {
            warnings.append("skipped \(directory): cannot list it: \(error.reason)")
            return nil
        }
        defer { FileSystem.closeDirectory(descriptor) }
        return try PCIDeviceReader(address: address, directory: directory, descriptor: descriptor).read(warnings: &warnings)
    }

    private func read(warnings: inout [String]) throws(InventoryError) -> RawPCIDevice? {
        let entries: [FileSystem.Entry]
        do {
            entries = try FileSystem.list(".", in: descriptor)
        } catch {
            warnings.append("skipped \(directory): cannot list it: \(error.reason)")
            return nil
        }
        var device = RawPCIDevice(
            address: address, vendorID: try mandatoryID("vendor"), productID: try mandatoryID("device"))
        var kinds: [String: FileSystem.EntryKind] = [:]
        for entry in entries { kinds[entry.name] = entry.kind }

        if let text = optionalText("class", kinds, &warnings) {
            device.classCode = parsed(text, "class", "a class code such as 0x020000", &warnings, SysfsValue.classCode)
        }
        if let text = optionalText("numa_node", kinds, &warnings) {
            let node = parsed(text, "numa_node", "a node number or -1", &warnings, SysfsValue.integer)
            // The kernel writes -1 when firmware gives no affinity.
            device.numaNode = node.flatMap { $0 >= 0 ? $0 : nil }
        }
        if let text = optionalText("sriov_totalvfs", kinds, &warnings) {
            device.totalVFs = parsed(text, "sriov_totalvfs", "a VF count", &warnings, SysfsValue.count)
        }
        if let text = optionalText("sriov_numvfs", kinds, &warnings) {
            device.enabledVFs = parsed(text, "sriov_numvfs", "a VF count", &warnings, SysfsValue.count)
        }
        if let text = optionalText("sriov_vf_device", kinds, &warnings) {
            device.vfProductID = parsed(text, "sriov_vf_device", "a product id such as 101e", &warnings, SysfsValue.hexID)
        }
        readLinks(entries, into: &device, &warnings)
        if kinds["vpd"] != nil { device.serialNumber = readSerial(&warnings) }
        return device
    }

    private func mandatoryID(_ name: String) throws(InventoryError) -> String {
        let path = directory + "/" + name
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(name, in: descriptor)
        } catch {
            throw .unreadableFile(path: path, reason: error.reason)
        }
        let text = SysfsValue.text(bytes)
        guard let id = SysfsValue.hexID(text) else {
            throw .malformedFile(path: path, content: text, expected: "a 16-bit hex id such as 0x15b3")
        }
        return id
    }

    private func optionalText(
        _ name: String, _ kinds: [String: FileSystem.EntryKind], _ warnings: inout [String]
    ) -> String? {
        guard kinds[name] != nil else { return nil }
        do {
            return SysfsValue.text(try FileSystem.read(name, in: descriptor))
        } catch {
            warnings.append("ignored \(directory)/\(name): \(error.reason)")
            return nil
        }
    }

    private func parsed<Value>(
        _ text: String, _ name: String, _ expected: String, _ warnings: inout [String],
        _ parse: (String) -> Value?
    ) -> Value? {
        if let value = parse(text) { return value }
        warnings.append("ignored \(directory)/\(name): found \(InventoryError.quoted(text)), expected \(expected)")
        return nil
    }

    /// `virtfnN`, `physfn`, `iommu_group` and `vdpa*`: the entries whose meaning is in
    /// their name (or, for `iommu_group`, in the name of the group directory it points at).
    private func readLinks(_ entries: [FileSystem.Entry], into device: inout RawPCIDevice, _ warnings: inout [String]) {
        var vdpaNames: [String] = []
        for entry in entries {
            if entry.name == "physfn" {
                device.physicalFunction = linkedAddress(entry.name, &warnings)
            } else if entry.name.hasPrefix("virtfn"), let number = SysfsValue.count(String(entry.name.dropFirst(6))) {
                if let target = linkedAddress(entry.name, &warnings) {
                    device.virtualFunctions.append((number, target))
                }
            } else if entry.name == "iommu_group" {
                device.iommuGroup = linkedGroup(entry.name, &warnings)
            } else if entry.name.hasPrefix("vdpa"), isDirectory(entry) {
                vdpaNames.append(entry.name)
            }
        }
        device.virtualFunctions.sort { $0.number < $1.number }
        device.vdpaName = vdpaNames.min()
    }

    private func linkedAddress(_ name: String, _ warnings: inout [String]) -> PCIAddress? {
        let path = directory + "/" + name
        do {
            let target = FileSystem.baseName(of: try FileSystem.readLink(name, in: descriptor))
            if let address = PCIAddress(target) { return address }
            warnings.append("ignored \(path): it points at \(InventoryError.quoted(target)), not a PCI address")
        } catch {
            warnings.append("ignored \(path): \(error.reason)")
        }
        return nil
    }

    /// The group of `iommu_group -> ../../../kernel/iommu_groups/N`: the unit VFIO hands to
    /// a guest whole.
    private func linkedGroup(_ name: String, _ warnings: inout [String]) -> Int? {
        let path = directory + "/" + name
        do {
            let target = FileSystem.baseName(of: try FileSystem.readLink(name, in: descriptor))
            if let group = SysfsValue.count(target) { return group }
            warnings.append("ignored \(path): it points at \(InventoryError.quoted(target)), not an IOMMU group number")
        } catch {
            warnings.append("ignored \(path): \(error.reason)")
        }
        return nil
    }

    /// The VPD serial; an empty `vpd` (no VPD capability) is silent, a corrupt one warns.
    private func readSerial(_ warnings: inout [String]) -> String? {
        let path = directory + "/vpd"
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read("vpd", in: descriptor)
        } catch {
            warnings.append("ignored \(path): \(error.reason)")
            return nil
        }
        if bytes.isEmpty { return nil }
        do {
            return try VitalProductData(parsing: bytes).serialNumber
        } catch {
            warnings.append("ignored \(path): \(error)")
            return nil
        }
    }

    private func isDirectory(_ entry: FileSystem.Entry) -> Bool {
        entry.kind == .directory || (entry.kind == .symlink && FileSystem.isDirectory(directory + "/" + entry.name))
    }
}
