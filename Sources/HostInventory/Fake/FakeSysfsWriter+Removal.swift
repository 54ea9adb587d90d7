import PCI

extension FakeSysfsWriter {
    /// Takes one device out of a fake tree as a hot-unplug does: its directory, its link on
    /// the bus, its netdev's link in `class/net`, and its PF's `virtfnN` link to it. For
    /// tests and demos of a device that vanishes while the service runs; only a tree this
    /// writer made (with its marker) is touched.
    public static func removeDevice(_ address: PCIAddress, from root: String) throws(FakeSysfsError) {
        let paths = SysfsPaths(root: root)
        guard FileSystem.kind(at: paths.join(markerFileName)) != nil else { throw .rootNotEmpty(path: root) }
        let name = address.description
        let directory = paths.join(hostBridge(address.domain) + "/" + name)
        guard FileSystem.isDirectory(directory) else {
            throw .writeFailed(path: directory, reason: "no such device in the fake tree")
        }
        do {
            for netdev in (try? FileSystem.list(directory + "/net")) ?? [] {
                try FileSystem.removeTree(paths.netClass + "/" + netdev.name)
            }
            if FileSystem.kind(at: directory + "/physfn") != nil {
                let pf = paths.join(hostBridge(address.domain) + "/" + FileSystem.baseName(of: try FileSystem.readLink(directory + "/physfn")))
                for link in try FileSystem.list(pf) where link.name.hasPrefix("virtfn") {
                    if FileSystem.baseName(of: try FileSystem.readLink(pf + "/" + link.name)) == name {
                        try FileSystem.removeTree(pf + "/" + link.name)
                    }
                }
            }
            try FileSystem.removeTree(paths.pciDevices + "/" + name)
            try FileSystem.removeTree(directory)
        } catch {
            throw .writeFailed(path: error.path, reason: error.reason)
        }
    }
}
