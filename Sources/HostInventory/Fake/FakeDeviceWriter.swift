import PCI

/// Writes one planned device: its directory, attribute files and the links that tie it to
/// its PF or VFs, its netdev and the bus.
struct FakeDeviceWriter {
    let paths: SysfsPaths
    let device: FakeHostPlan.Device

    func write() throws(FileSystemError) {
        let name = device.address.description
        let bridge = FakeSysfsWriter.hostBridge(device.address.domain)
        let directory = paths.join(bridge + "/" + name)
        try FileSystem.makeDirectory(directory)
        try FileSystem.makeSymlink(at: paths.pciDevices + "/" + name, to: "../../../" + bridge + "/" + name)
        try FileSystem.write("0x\(device.vendorID)\n", to: directory + "/vendor")
        try FileSystem.write("0x\(device.productID)\n", to: directory + "/device")
        try FileSystem.write("\(device.classCode)\n", to: directory + "/class")
        try FileSystem.write("\(device.numaNode)\n", to: directory + "/numa_node")
        if let sriov = device.sriov {
            try FileSystem.write("\(sriov.totalVFs)\n", to: directory + "/sriov_totalvfs")
            try FileSystem.write("\(sriov.virtualFunctions.count)\n", to: directory + "/sriov_numvfs")
            // The kernel prints this one without the 0x prefix.
            try FileSystem.write("\(sriov.vfProductID)\n", to: directory + "/sriov_vf_device")
            for (number, vf) in sriov.virtualFunctions.enumerated() {
                try FileSystem.makeSymlink(at: directory + "/virtfn\(number)", to: "../\(vf)")
            }
        }
        if let pf = device.physicalFunction {
            try FileSystem.makeSymlink(at: directory + "/physfn", to: "../\(pf)")
        }
        if let vpd = device.vpd {
            try FileSystem.write(vpd, to: directory + "/vpd")
        }
        if let netdev = device.netdev {
            try writeNetdev(netdev, in: directory, bridge: bridge)
        }
        if let vdpaName = device.vdpaName {
            try writeVDPA(vdpaName, in: directory, bridge: bridge)
        }
    }

    private func writeNetdev(_ netdev: FakeHostPlan.Netdev, in directory: String, bridge: String) throws(FileSystemError) {
        let net = directory + "/net"
        try FileSystem.makeDirectory(net)
        try FileSystem.makeDirectory(net + "/" + netdev.name)
        try FileSystem.write(netdev.mac + "\n", to: net + "/" + netdev.name + "/address")
        try FileSystem.makeSymlink(at: net + "/" + netdev.name + "/device", to: "../../../\(device.address)")
        try FileSystem.makeSymlink(
            at: paths.netClass + "/" + netdev.name,
            to: "../../" + bridge + "/\(device.address)/net/" + netdev.name)
    }

    /// `<vf>/vdpaN/vhost-vdpa-N`, linked from `bus/vdpa/devices/vdpaN`.
    private func writeVDPA(_ name: String, in directory: String, bridge: String) throws(FileSystemError) {
        try FileSystem.makeDirectory(directory + "/" + name)
        try FileSystem.makeDirectory(directory + "/" + name + "/vhost-vdpa-" + name.dropFirst(4))
        try FileSystem.makeSymlink(
            at: paths.vdpaDevices + "/" + name, to: "../../../" + bridge + "/\(device.address)/" + name)
    }
}
