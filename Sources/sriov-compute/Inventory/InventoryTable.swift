import PCI

/// A plain-text table of devices, columns sized to their contents.
struct InventoryTable {
    let devices: [PCIDevice]
    var showOwners = false

    var headers: [String] {
        ["ADDRESS", "TYPE", "VENDOR:PRODUCT", "NUMA", "PARENT", "NETDEV", "VF#", "PHYSNET", "STATUS"] + (showOwners ? ["OWNER"] : [])
    }

    var rows: [[String]] {
        devices.map { device in
            let owner = showOwners ? [device.instanceUUID?.uuidString.lowercased() ?? "-"] : []
            return [
                device.address.description, device.type.rawValue, device.vendorInfo,
                device.numaNode.map(String.init) ?? "-", device.parentAddress?.description ?? "-",
                device.netdevName ?? device.parentIfname.map { "(\($0))" } ?? "-",
                device.vfNumber.map(String.init) ?? "-", device.tags["physical_network"]?.description ?? "-",
                device.status.rawValue,
            ] + owner
        }
    }

    var rendered: String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
