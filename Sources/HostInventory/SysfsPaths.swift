/// Where things live below a sysfs root; shared by the scanner and the fake-sysfs writer
/// so that the two cannot drift apart on a path.
struct SysfsPaths: Sendable {
    let root: String

    init(root: String) {
        // `/sys/` and `/sys` name the same tree; joining must not produce `//`.
        var trimmed = root
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    var pciDevices: String { join("bus/pci/devices") }
    var vdpaDevices: String { join("bus/vdpa/devices") }
    var netClass: String { join("class/net") }
    var nodes: String { join("devices/system/node") }
    var cpus: String { join("devices/system/cpu") }

    /// The file `node/nodeN/cpulist`.
    func cpuList(ofNode id: Int) -> String { nodes + "/node\(id)/cpulist" }

    /// The file `cpu/cpuN/topology/physical_package_id`: the socket.
    func packageID(ofCPU id: Int) -> String { cpus + "/cpu\(id)/topology/physical_package_id" }

    func join(_ relative: String) -> String {
        root == "/" ? "/" + relative : root + "/" + relative
    }
}
