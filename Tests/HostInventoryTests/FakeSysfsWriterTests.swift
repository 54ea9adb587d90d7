import TestSupport
import Foundation
import HostInventory
import PCI
import Testing

@Suite("FakeSysfsWriter")
struct FakeSysfsWriterTests {
    private func link(_ root: String, _ relative: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + relative)
    }

    private func text(_ root: String, _ relative: String) throws -> String {
        try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    private func exists(_ root: String, _ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root + "/" + relative)
    }

    @Test func writesTheKernelsLinks() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter().write(to: root)
            #expect(try link(root, "bus/pci/devices/0000:01:00.0") == "../../../devices/pci0000:00/0000:01:00.0")
            #expect(try link(root, "bus/pci/devices/0000:04:00.3") == "../../../devices/pci0000:00/0000:04:00.3")
            #expect(try link(root, "devices/pci0000:00/0000:01:00.0/virtfn3") == "../0000:02:00.3")
            #expect(try link(root, "devices/pci0000:00/0000:02:00.3/physfn") == "../0000:01:00.0")
            #expect(try link(root, "class/net/ens0f0np0") == "../../devices/pci0000:00/0000:01:00.0/net/ens0f0np0")
            #expect(try link(root, "class/net/ens1f0v2") == "../../devices/pci0000:00/0000:04:00.2/net/ens1f0v2")
            #expect(try link(root, "devices/pci0000:00/0000:01:00.0/net/ens0f0np0/device") == "../../../0000:01:00.0")
            #expect(try link(root, "devices/system/node/node1/cpu5") == "../../cpu/cpu5")
        }
    }

    @Test func linksResolveLikeTheKernels() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter().write(to: root)
            // Through class/net, the netdev's address; through its device link, the VF's files.
            #expect(try text(root, "class/net/ens0f0v3/address") == "b8:ce:f6:00:02:03\n")
            #expect(try text(root, "class/net/ens0f0v3/device/device") == "0x101e\n")
            #expect(try text(root, "bus/pci/devices/0000:02:00.3/physfn/net/ens0f0np0/address") == "b8:ce:f6:00:01:00\n")
        }
    }

    @Test func writesTheAttributeFiles() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter().write(to: root)
            let pf = "devices/pci0000:00/0000:03:00.0/"
            #expect(try text(root, pf + "vendor") == "0x15b3\n")
            #expect(try text(root, pf + "device") == "0x101d\n")
            #expect(try text(root, pf + "class") == "0x020000\n")
            #expect(try text(root, pf + "numa_node") == "1\n")
            #expect(try text(root, pf + "sriov_totalvfs") == "4\n")
            #expect(try text(root, pf + "sriov_numvfs") == "4\n")
            #expect(try text(root, pf + "sriov_vf_device") == "101e\n")
            #expect(!exists(root, pf + "physfn"))
            #expect(!exists(root, pf + "vpd"))
            let vf = "devices/pci0000:00/0000:04:00.1/"
            #expect(try text(root, vf + "device") == "0x101e\n")
            #expect(try text(root, vf + "numa_node") == "1\n")
            #expect(!exists(root, vf + "sriov_totalvfs"))
            #expect(!exists(root, vf + "virtfn0"))
            #expect(try text(root, "devices/system/node/node1/cpulist") == "4-7\n")
            #expect(try text(root, "devices/system/cpu/cpu5/topology/physical_package_id") == "1\n")
            #expect(try text(root, "devices/system/node/online") == "0-1\n")
        }
    }

    @Test func writesAVPDImageWithTheSerial() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(vpdSerialPattern: "MT0000X000{pf}")).write(to: root)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/devices/pci0000:00/0000:03:00.0/vpd")))
            #expect(bytes.first == 0x82)
            #expect(bytes.last == 0x78)
            #expect(bytes.firstRange(of: Array("SN".utf8) + [11] + Array("MT0000X0001".utf8)) != nil)
            #expect(try VitalProductData(parsing: bytes).serialNumber == "MT0000X0001")
            #expect(!exists(root, "devices/pci0000:00/0000:04:00.0/vpd"))
        }
    }

    @Test func writesVDPADevicesUnderTheirVFs() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(vdpaPFs: 2)).write(to: root)
            #expect(exists(root, "devices/pci0000:00/0000:02:00.1/vdpa1/vhost-vdpa-1"))
            #expect(try link(root, "bus/vdpa/devices/vdpa5") == "../../../devices/pci0000:00/0000:04:00.1/vdpa5")
            #expect(!exists(root, "devices/pci0000:00/0000:01:00.0/vdpa0"))
        }
    }

    /// A host with vDPA on some cards only: the last PF's VFs are vDPA devices, the first
    /// PF's stay VFs, and the numbering starts at the first vDPA device.
    @Test func vDPAGoesOnTheLastPFsOnly() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 3, vfsPerPF: 2, vdpaPFs: 1)).write(to: root)
            let types = Dictionary(grouping: try SysfsScanner(root: root).scan().devices, by: \.parentAddress?.description)
                .mapValues { $0.map { $0.vdpaName ?? "-" } }
            #expect(types["0000:01:00.0"] == ["-", "-"])
            #expect(types["0000:03:00.0"] == ["-", "-"])
            #expect(types["0000:05:00.0"] == ["vdpa0", "vdpa1"])
        }
    }

    @Test func theSixtyFifthPFStartsTheNextDomain() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 66, vfsPerPF: 1)).write(to: root)
            #expect(try link(root, "bus/pci/devices/0001:01:00.0") == "../../../devices/pci0001:00/0001:01:00.0")
            #expect(try link(root, "devices/pci0001:00/0001:03:00.0/virtfn0") == "../0001:04:00.0")
            #expect(try text(root, "class/net/ens64f0np0/address") == "b8:ce:f6:01:01:00\n")

            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.devices.count == 132)
            #expect(snapshot.devices.suffix(4).map(\.address.description) == [
                "0001:01:00.0", "0001:02:00.0", "0001:03:00.0", "0001:04:00.0",
            ])
            #expect(snapshot.device(at: PCIAddress("0000:7f:00.0")!)?.netdevName == "ens63f0np0")
        }
    }

    @Test func spreadsPFsOverNodesAndNodesOverSockets() throws {
        try withTemporaryDirectory { root in
            let layout = FakeHostLayout(pfCount: 5, vfsPerPF: 1, numaNodes: 4, sockets: 2, cpusPerNode: 2)
            try FakeSysfsWriter(layout: layout).write(to: root)
            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.devices.filter { $0.type == .physicalFunction }.map(\.numaNode) == [0, 1, 2, 3, 0])
            #expect(snapshot.numaTopology.nodes == [
                .init(id: 0, socket: 0, cpus: [0, 1]), .init(id: 1, socket: 0, cpus: [2, 3]),
                .init(id: 2, socket: 1, cpus: [4, 5]), .init(id: 3, socket: 1, cpus: [6, 7]),
            ])
        }
    }

    @Test func vfsCanHaveNoNetdev() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(vfNetdevPattern: nil)).write(to: root)
            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.netdevs.keys.sorted() == ["ens0f0np0", "ens1f0np0"])
            let vf = try #require(snapshot.device(at: PCIAddress("0000:02:00.0")!))
            #expect(vf.netdevName == nil)
            #expect(vf.parentIfname == "ens0f0np0")
        }
    }

    @Test func createsMissingParentsAndAMarker() throws {
        try withTemporaryDirectory { directory in
            let root = directory + "/a/b/sys"
            try FakeSysfsWriter().write(to: root)
            #expect(exists(root, FakeSysfsWriter.markerFileName))
            #expect(try SysfsScanner(root: root).scan().devices.count == 10)
        }
    }

    @Test func replacesAPreviousFakeTree() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 2, vfsPerPF: 4)).write(to: root)
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 1)).write(to: root)
            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.devices.map(\.address.description) == ["0000:01:00.0", "0000:02:00.0"])
            #expect(!exists(root, "devices/pci0000:00/0000:03:00.0"))
            #expect(!exists(root, "class/net/ens1f0np0"))
        }
    }

    @Test func refusesADirectoryItDidNotWrite() throws {
        try withTemporaryDirectory { root in
            try "keep me\n".write(toFile: root + "/precious", atomically: false, encoding: .utf8)
            #expect(throws: FakeSysfsError.rootNotEmpty(path: root)) { try FakeSysfsWriter().write(to: root) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["precious"])
            #expect(try text(root, "precious") == "keep me\n")
        }
    }

    @Test func refusesARootThatIsAFile() throws {
        try withTemporaryDirectory { directory in
            let root = directory + "/sys"
            try "x".write(toFile: root, atomically: false, encoding: .utf8)
            #expect(throws: FakeSysfsError.rootNotDirectory(path: root)) { try FakeSysfsWriter().write(to: root) }
        }
    }

    @Test func errorsSayWhatToDo() {
        let refusal = FakeSysfsError.rootNotEmpty(path: "/srv/data").description
        #expect(refusal.contains("/srv/data"))
        #expect(refusal.contains(FakeSysfsWriter.markerFileName))
        #expect(FakeSysfsError.writeFailed(path: "/x/vendor", reason: "No space left on device").description
            == "cannot write /x/vendor: No space left on device")
    }
}
