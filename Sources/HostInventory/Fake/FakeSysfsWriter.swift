import PCI

/// Writes a sysfs tree for a `FakeHostLayout`: the files and symlinks the kernel would show
/// for that host, laid out as on a real one, so that `SysfsScanner` (and an operator with
/// `ls -l`) sees a believable SR-IOV host.
///
/// Devices live in `devices/pci<domain>:00/<address>/`; `bus/pci/devices/<address>` links
/// there; a PF's `virtfnN` and a VF's `physfn` link to their siblings; each netdev is
/// `<device>/net/<ifname>/` (with a `device` link back), linked from `class/net/<ifname>`.
public struct FakeSysfsWriter: Sendable {
    /// The file that marks a tree as ours; only a root holding it may be overwritten.
    public static let markerFileName = ".sriov-compute-fake-sysfs"

    public var layout: FakeHostLayout

    public init(layout: FakeHostLayout = FakeHostLayout()) {
        self.layout = layout
    }

    /// Creates `root` (with its parents) and the tree in it. A previous fake tree at `root`
    /// is replaced; any other non-empty directory is refused.
    public func write(to root: String) throws(FakeSysfsError) {
        let plan = try FakeHostPlan(layout)
        let paths = SysfsPaths(root: root)
        try prepare(paths.root)
        do {
            // The marker goes first, so that a write interrupted half-way can be redone.
            try FileSystem.write("sriov-compute fake sysfs tree; safe to delete\n",
                                 to: paths.join(Self.markerFileName))
            for directory in [paths.pciDevices, paths.netClass, paths.nodes, paths.cpus] {
                try FileSystem.makeDirectories(directory)
            }
            if plan.devices.contains(where: { $0.vdpaName != nil }) {
                try FileSystem.makeDirectories(paths.vdpaDevices)
            }
            var domains = Set<UInt16>()
            for device in plan.devices {
                if domains.insert(device.address.domain).inserted {
                    try FileSystem.makeDirectory(paths.join(Self.hostBridge(device.address.domain)))
                }
                try FakeDeviceWriter(paths: paths, device: device).write()
            }
            try writeTopology(plan.nodes, paths)
        } catch {
            throw .writeFailed(path: error.path, reason: error.reason)
        }
    }

    /// `pci0000:00`: the host bridge directory a domain's devices hang under.
    static func hostBridge(_ domain: UInt16) -> String {
        "devices/pci" + FakeHostPlan.hex(UInt8(domain >> 8)) + FakeHostPlan.hex(UInt8(domain & 0xFF)) + ":00"
    }

    /// Makes `root` an empty directory, refusing to empty one this writer did not fill.
    private func prepare(_ root: String) throws(FakeSysfsError) {
        guard FileSystem.kind(at: root) != nil else {
            try Self.writing { () throws(FileSystemError) in try FileSystem.makeDirectories(root) }
            return
        }
        guard FileSystem.isDirectory(root) else { throw .rootNotDirectory(path: root) }
        let entries = try Self.writing { () throws(FileSystemError) in try FileSystem.list(root) }
        if entries.isEmpty { return }
        guard entries.contains(where: { $0.name == Self.markerFileName }) else { throw .rootNotEmpty(path: root) }
        for entry in entries {
            try Self.writing { () throws(FileSystemError) in try FileSystem.removeTree(root + "/" + entry.name) }
        }
    }

    private static func writing<T>(_ body: () throws(FileSystemError) -> T) throws(FakeSysfsError) -> T {
        do {
            return try body()
        } catch {
            throw .writeFailed(path: error.path, reason: error.reason)
        }
    }

    private func writeTopology(_ nodes: [FakeHostPlan.Node], _ paths: SysfsPaths) throws(FileSystemError) {
        let lastCPU = (nodes.last?.cpus.upperBound ?? 1) - 1
        for node in nodes {
            let directory = paths.nodes + "/node\(node.id)"
            try FileSystem.makeDirectory(directory)
            try FileSystem.write("\(node.cpus.lowerBound)-\(node.cpus.upperBound - 1)\n", to: directory + "/cpulist")
            for cpu in node.cpus {
                try FileSystem.makeSymlink(at: directory + "/cpu\(cpu)", to: "../../cpu/cpu\(cpu)")
                let topology = paths.cpus + "/cpu\(cpu)/topology"
                try FileSystem.makeDirectories(topology)
                try FileSystem.write("\(node.socket)\n", to: topology + "/physical_package_id")
            }
        }
        // Files that sit next to the node and cpu directories on every host; the scanner
        // must step over them.
        for file in ["online", "possible"] {
            try FileSystem.write("0-\(nodes.count - 1)\n", to: paths.nodes + "/" + file)
            try FileSystem.write("0-\(lastCPU)\n", to: paths.cpus + "/" + file)
        }
    }
}
