import PCI

/// Reads `class/net/<ifname>/device`: which PCI device backs each network interface.
struct NetdevReader {
    let paths: SysfsPaths

    /// Interfaces without a `device` link (loopback, bridges, veths) or backed by a non-PCI
    /// device (USB) are not PCI netdevs and are left out silently.
    func read() -> [String: PCIAddress] {
        guard let entries = try? FileSystem.list(paths.netClass) else { return [:] }
        var netdevs: [String: PCIAddress] = [:]
        netdevs.reserveCapacity(entries.count)
        for entry in entries {
            guard let target = try? FileSystem.readLink(paths.netClass + "/" + entry.name + "/device"),
                  let address = PCIAddress(FileSystem.baseName(of: target))
            else { continue }
            netdevs[entry.name] = address
        }
        return netdevs
    }
}
