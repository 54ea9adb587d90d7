import PCI

/// Reads `class/net/<ifname>/device`: which PCI device backs each network interface.
struct NetdevReader {
    let paths: SysfsPaths

    /// Every PCI netdev (name → device), each device given its netdev and MAC on the way,
    /// all read relative to one open `class/net`. Interfaces without a `device` link
    /// (loopback, bridges, veths) or backed by a non-PCI device (USB) are not PCI netdevs
    /// and are left out silently.
    func read(assigningTo devices: inout [RawPCIDevice]) -> [String: PCIAddress] {
        guard let directory = try? FileSystem.openDirectory(paths.netClass) else { return [:] }
        defer { FileSystem.closeDirectory(directory) }
        let netdevs = readLinks(in: directory)
        assign(netdevs, to: &devices, in: directory)
        return netdevs
    }

    private func readLinks(in directory: Int32) -> [String: PCIAddress] {
        guard let entries = try? FileSystem.list(".", in: directory) else { return [:] }
        // One link per interface, 16,000 on a big host: read relative to the open
        // `class/net`, on every CPU.
        let addresses = ConcurrentMap.map(entries) { entry -> PCIAddress? in
            guard let target = try? FileSystem.readLink(entry.name + "/device", in: directory) else { return nil }
            // SR-IOV NICs link straight to the PCI function: no further system call.
            return PCIAddress(FileSystem.baseName(of: target)) ?? virtioParent(of: paths.netClass + "/" + entry.name + "/device")
        }
        var netdevs: [String: PCIAddress] = [:]
        netdevs.reserveCapacity(entries.count)
        for (entry, address) in zip(entries, addresses) {
            if let address { netdevs[entry.name] = address }
        }
        return netdevs
    }

    /// A virtio NIC's netdev hangs off `<pci function>/virtioN`, and its `device` link
    /// points at `virtioN`; like libvirt, report the PCI function as its device. Other
    /// buses (USB) sit behind a PCI controller that is not the NIC, so they are not
    /// followed.
    private func virtioParent(of link: String) -> PCIAddress? {
        guard let resolved = try? FileSystem.resolvedPath(link) else { return nil }
        let child = FileSystem.baseName(of: resolved)
        guard child.hasPrefix("virtio"), SysfsValue.count(String(child.dropFirst(6))) != nil else {
            return nil
        }
        return PCIAddress(FileSystem.baseName(of: FileSystem.parentPath(of: resolved)))
    }

    /// Each device's netdev, from `class/net` (the first name in sorted order when a
    /// device has several), and its MAC. `class/net` names every netdev of this network
    /// namespace, as each device's own `net/` does, so the scan reads one list instead of
    /// listing `net/` in 16,000 device directories (six system calls each). The MACs are
    /// read on every CPU.
    private func assign(_ netdevs: [String: PCIAddress], to devices: inout [RawPCIDevice], in directory: Int32) {
        var namesByAddress: [PCIAddress: String] = [:]
        for (name, address) in netdevs where namesByAddress[address].map({ name < $0 }) ?? true {
            namesByAddress[address] = name
        }
        let named = devices.indices.compactMap { index in namesByAddress[devices[index].address].map { (index, $0) } }
        let macs = ConcurrentMap.map(named) { _, name -> String? in
            guard let bytes = try? FileSystem.read(name + "/address", in: directory) else { return nil }
            let mac = SysfsValue.text(bytes).lowercased()
            return mac.isEmpty ? nil : mac
        }
        for ((index, name), mac) in zip(named, macs) {
            devices[index].netdevName = name
            devices[index].macAddress = mac
        }
    }
}
