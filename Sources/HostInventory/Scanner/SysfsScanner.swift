import PCI

/// Builds a `HostSnapshot` from a sysfs tree: `/sys` on a real host, or a folder written
/// by `FakeSysfsWriter`.
public struct SysfsScanner: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public func scan() throws(InventoryError) -> HostSnapshot {
        try scanWithWarnings().snapshot
    }

    /// The snapshot plus the entries the scan skipped or partly ignored.
    public func scanWithWarnings() throws(InventoryError) -> ScanResult {
        let paths = SysfsPaths(root: root)
        guard FileSystem.isDirectory(paths.root) else { throw .rootNotFound(path: root) }
        var warnings: [String] = []
        var raws = try readPCIDevices(paths, &warnings)
        let netdevs = NetdevReader(paths: paths).read(assigningTo: &raws)
        let devices = DeviceAssembler.assemble(raws, warnings: &warnings)
        let topology = NUMATopologyReader(paths: paths).read(warnings: &warnings)
        return ScanResult(
            snapshot: HostSnapshot(devices: devices, numaTopology: topology, netdevs: netdevs),
            warnings: warnings)
    }

    private func readPCIDevices(_ paths: SysfsPaths, _ warnings: inout [String]) throws(InventoryError) -> [RawPCIDevice] {
        let entries: [FileSystem.Entry]
        do {
            entries = try FileSystem.list(paths.pciDevices)
        } catch where error.isNotFound {
            // A tree without a PCI bus has no PCI devices; say so, since a mistyped root
            // (`/` for `/sys`) looks exactly like this.
            warnings.append("no PCI devices: \(paths.pciDevices) does not exist")
            return []
        } catch {
            throw .unreadableDirectory(path: paths.pciDevices, reason: error.reason)
        }
        // Which directories to read is decided in order, the reading itself is spread over
        // the CPUs, and the results are taken in order again: the same devices, warnings
        // and first error as one pass.
        var listed: [ListedDirectory] = []
        listed.reserveCapacity(entries.count)
        var seen = Set<PCIAddress>()
        // Sorted, so that warnings come out in the same order on every scan.
        for name in entries.map(\.name).sorted() {
            let directory = paths.pciDevices + "/" + name
            guard let address = PCIAddress(name) else {
                listed.append(.skipped("skipped \(directory): \(InventoryError.quoted(name)) is not a PCI address (dddd:bb:ss.f)"))
                continue
            }
            guard seen.insert(address).inserted else {
                listed.append(.skipped("skipped \(directory): another entry already names \(address)"))
                continue
            }
            listed.append(.device(address, directory: directory))
        }
        let reads = ConcurrentMap.map(listed) { entry -> DirectoryRead in
            guard case .device(let address, let directory) = entry else { return DirectoryRead() }
            var read = DirectoryRead()
            do throws(InventoryError) {
                read.device = try PCIDeviceReader.read(address: address, directory: directory, warnings: &read.warnings)
            } catch {
                read.error = error
            }
            return read
        }
        var devices: [RawPCIDevice] = []
        devices.reserveCapacity(entries.count)
        for (entry, read) in zip(listed, reads) {
            if case .skipped(let warning) = entry { warnings.append(warning) }
            warnings += read.warnings
            if let error = read.error { throw error }
            if let device = read.device { devices.append(device) }
        }
        return devices
    }

    /// A device directory to read, or why it is skipped.
    private enum ListedDirectory: Sendable {
        case skipped(String)
        case device(PCIAddress, directory: String)
    }

    /// What reading one device directory gave.
    private struct DirectoryRead: Sendable {
        var device: RawPCIDevice?
        var warnings: [String] = []
        var error: InventoryError?
    }
}
