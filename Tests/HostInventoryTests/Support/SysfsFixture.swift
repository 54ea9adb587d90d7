import Foundation

/// Hand-written sysfs trees for tests: written with FileManager, independently of
/// `FakeSysfsWriter`, so scanner tests can set up exactly the oddity they test.
struct SysfsFixture {
    let root: String

    func file(_ relative: String, _ content: String) throws {
        try bytes(relative, Array(content.utf8))
    }

    func bytes(_ relative: String, _ content: [UInt8]) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(content)) else {
            throw FixtureError.cannotCreate(path)
        }
    }

    func directory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/" + relative, withIntermediateDirectories: true)
    }

    func link(_ relative: String, to target: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: root + "/" + relative)
    }

    /// A device the way the kernel lays one out: its directory under the host bridge, the
    /// `bus/pci/devices` link, and `vendor`, `device`, `class`, `numa_node`.
    func device(
        _ address: String, vendor: String = "0x15b3", device: String = "0x101d", numaNode: String = "0"
    ) throws {
        let directory = "devices/pci0000:00/" + address
        try self.directory(directory)
        try link("bus/pci/devices/" + address, to: "../../../" + directory)
        try file(directory + "/vendor", vendor + "\n")
        try file(directory + "/device", device + "\n")
        try file(directory + "/class", "0x020000\n")
        try file(directory + "/numa_node", numaNode + "\n")
    }

    /// A file inside a device directory made by `device`.
    func deviceFile(_ address: String, _ name: String, _ content: String) throws {
        try file("devices/pci0000:00/" + address + "/" + name, content)
    }

    /// `net/<name>/address` in a device, and the `class/net/<name>` link to it.
    func netdev(_ name: String, of address: String, mac: String) throws {
        let directory = "devices/pci0000:00/" + address + "/net/" + name
        try file(directory + "/address", mac + "\n")
        try link(directory + "/device", to: "../../../" + address)
        try link("class/net/" + name, to: "../../" + directory)
    }

    /// A PF with `sriov_*` files and `virtfnN` links to VFs that link back through `physfn`.
    func physicalFunction(_ address: String, virtualFunctions: [Int: String]) throws {
        try device(address)
        try deviceFile(address, "sriov_totalvfs", "\(max(virtualFunctions.count, 1))\n")
        try deviceFile(address, "sriov_numvfs", "\(virtualFunctions.count)\n")
        try deviceFile(address, "sriov_vf_device", "101e\n")
        for (number, vf) in virtualFunctions {
            try device(vf, device: "0x101e")
            try link("devices/pci0000:00/\(address)/virtfn\(number)", to: "../" + vf)
            try link("devices/pci0000:00/\(vf)/physfn", to: "../" + address)
        }
    }
}

enum FixtureError: Error {
    case cannotCreate(String)
}
