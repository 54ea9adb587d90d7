import PCI

/// Reads `devices/system/node/nodeN` and the socket of each node.
struct NUMATopologyReader {
    let paths: SysfsPaths

    /// `.none` when the tree has no node directory (a kernel without NUMA support).
    func read(warnings: inout [String]) -> HostNUMATopology {
        guard let entries = try? FileSystem.list(paths.nodes) else { return .none }
        // The directory also holds files such as `online` and `possible`.
        let ids = entries.compactMap { entry -> Int? in
            guard entry.name.hasPrefix("node"), let id = SysfsValue.count(String(entry.name.dropFirst(4))),
                  entry.kind == .directory || FileSystem.isDirectory(paths.nodes + "/" + entry.name)
            else { return nil }
            return id
        }
        // In id order, so that warnings come out the same on every scan.
        let nodes = ids.sorted().map { id in
            let cpus = cpus(ofNode: id, &warnings)
            return HostNUMATopology.Node(id: id, socket: cpus.first.flatMap { socket(ofCPU: $0, &warnings) }, cpus: cpus)
        }
        return HostNUMATopology(nodes: nodes)
    }

    private func cpus(ofNode id: Int, _ warnings: inout [String]) -> [Int] {
        let path = paths.cpuList(ofNode: id)
        guard let bytes = try? FileSystem.read(path) else { return [] }
        let text = SysfsValue.text(bytes)
        if let cpus = CPUList.parse(text) { return cpus }
        warnings.append("ignored \(path): found \(InventoryError.quoted(text)), expected a cpulist such as 0-3,8")
        return []
    }

    /// A node's socket is the physical package of its CPUs; the first CPU stands for all.
    private func socket(ofCPU id: Int, _ warnings: inout [String]) -> Int? {
        let path = paths.packageID(ofCPU: id)
        guard let bytes = try? FileSystem.read(path) else { return nil }
        let text = SysfsValue.text(bytes)
        guard let socket = SysfsValue.integer(text) else {
            warnings.append("ignored \(path): found \(InventoryError.quoted(text)), expected a package number")
            return nil
        }
        // Some hypervisors report -1: no socket information, as if the file were absent.
        return socket >= 0 ? socket : nil
    }
}
