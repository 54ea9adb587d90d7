import TestSupport
import HostInventory
import PCI
import Testing

@Suite("SysfsScanner")
struct SysfsScannerTests {
    // MARK: Round trip through the fake writer

    /// The host `FakeHostLayout(vpdSerialPattern:)` describes, written out by hand from the
    /// documented scheme: PF p at bus 2p+1 on node p % 2, its VFs on bus 2p+2.
    static func expectedTwoByFourHost() -> [DiscoveredDevice] {
        func pf(_ address: String, node: Int, ifname: String, mac: String, serial: String) -> DiscoveredDevice {
            DiscoveredDevice(
                address: PCIAddress(address)!, vendorID: "15b3", productID: "101d", type: .physicalFunction,
                classCode: 0x020000, numaNode: node, netdevName: ifname, macAddress: mac,
                cardSerialNumber: serial, totalVFs: 4, enabledVFs: 4, vfProductID: "101e")
        }
        func vf(
            _ address: String, number: Int, node: Int, parent: String, parentIfname: String, pfMAC: String,
            ifname: String, mac: String, serial: String
        ) -> DiscoveredDevice {
            DiscoveredDevice(
                address: PCIAddress(address)!, vendorID: "15b3", productID: "101e", type: .virtualFunction,
                classCode: 0x020000, numaNode: node, parentAddress: PCIAddress(parent)!, netdevName: ifname,
                macAddress: mac, parentIfname: parentIfname, pfMACAddress: pfMAC, vfNumber: number,
                cardSerialNumber: serial)
        }
        return [
            pf("0000:01:00.0", node: 0, ifname: "ens0f0np0", mac: "b8:ce:f6:00:01:00", serial: "MT0000X0000"),
            vf("0000:02:00.0", number: 0, node: 0, parent: "0000:01:00.0", parentIfname: "ens0f0np0",
               pfMAC: "b8:ce:f6:00:01:00", ifname: "ens0f0v0", mac: "b8:ce:f6:00:02:00", serial: "MT0000X0000"),
            vf("0000:02:00.1", number: 1, node: 0, parent: "0000:01:00.0", parentIfname: "ens0f0np0",
               pfMAC: "b8:ce:f6:00:01:00", ifname: "ens0f0v1", mac: "b8:ce:f6:00:02:01", serial: "MT0000X0000"),
            vf("0000:02:00.2", number: 2, node: 0, parent: "0000:01:00.0", parentIfname: "ens0f0np0",
               pfMAC: "b8:ce:f6:00:01:00", ifname: "ens0f0v2", mac: "b8:ce:f6:00:02:02", serial: "MT0000X0000"),
            vf("0000:02:00.3", number: 3, node: 0, parent: "0000:01:00.0", parentIfname: "ens0f0np0",
               pfMAC: "b8:ce:f6:00:01:00", ifname: "ens0f0v3", mac: "b8:ce:f6:00:02:03", serial: "MT0000X0000"),
            pf("0000:03:00.0", node: 1, ifname: "ens1f0np0", mac: "b8:ce:f6:00:03:00", serial: "MT0000X0001"),
            vf("0000:04:00.0", number: 0, node: 1, parent: "0000:03:00.0", parentIfname: "ens1f0np0",
               pfMAC: "b8:ce:f6:00:03:00", ifname: "ens1f0v0", mac: "b8:ce:f6:00:04:00", serial: "MT0000X0001"),
            vf("0000:04:00.1", number: 1, node: 1, parent: "0000:03:00.0", parentIfname: "ens1f0np0",
               pfMAC: "b8:ce:f6:00:03:00", ifname: "ens1f0v1", mac: "b8:ce:f6:00:04:01", serial: "MT0000X0001"),
            vf("0000:04:00.2", number: 2, node: 1, parent: "0000:03:00.0", parentIfname: "ens1f0np0",
               pfMAC: "b8:ce:f6:00:03:00", ifname: "ens1f0v2", mac: "b8:ce:f6:00:04:02", serial: "MT0000X0001"),
            vf("0000:04:00.3", number: 3, node: 1, parent: "0000:03:00.0", parentIfname: "ens1f0np0",
               pfMAC: "b8:ce:f6:00:03:00", ifname: "ens1f0v3", mac: "b8:ce:f6:00:04:03", serial: "MT0000X0001"),
        ]
    }

    @Test func roundTripsATwoPFHost() throws {
        try withTemporaryDirectory { root in
            let layout = FakeHostLayout(pfCount: 2, vfsPerPF: 4, numaNodes: 2, vpdSerialPattern: "MT0000X000{pf}")
            try FakeSysfsWriter(layout: layout).write(to: root)
            let result = try SysfsScanner(root: root).scanWithWarnings()
            let snapshot = result.snapshot

            #expect(result.warnings == [])
            let expected = Self.expectedTwoByFourHost()
            #expect(snapshot.devices.map(\.address) == expected.map(\.address))
            for (actual, wanted) in zip(snapshot.devices, expected) {
                #expect(actual == wanted, "device \(wanted.address)")
            }
            #expect(snapshot.netdevs == [
                "ens0f0np0": PCIAddress("0000:01:00.0")!, "ens0f0v0": PCIAddress("0000:02:00.0")!,
                "ens0f0v1": PCIAddress("0000:02:00.1")!, "ens0f0v2": PCIAddress("0000:02:00.2")!,
                "ens0f0v3": PCIAddress("0000:02:00.3")!, "ens1f0np0": PCIAddress("0000:03:00.0")!,
                "ens1f0v0": PCIAddress("0000:04:00.0")!, "ens1f0v1": PCIAddress("0000:04:00.1")!,
                "ens1f0v2": PCIAddress("0000:04:00.2")!, "ens1f0v3": PCIAddress("0000:04:00.3")!,
            ])
            #expect(snapshot.numaTopology == HostNUMATopology(nodes: [
                .init(id: 0, socket: 0, cpus: [0, 1, 2, 3]),
                .init(id: 1, socket: 1, cpus: [4, 5, 6, 7]),
            ]))
            #expect(snapshot.device(forNetdev: "ens1f0v2")?.vfNumber == 2)
        }
    }

    @Test func aVFWithItsOwnSerialKeepsIt() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 2, vpdSerialPattern: "PFSERIAL"))
                .write(to: root)
            let image = VitalProductDataTests.image(identifier: "VF", fields: [("SN", Array("VFSERIAL".utf8))])
            try SysfsFixture(root: root).bytes("devices/pci0000:00/0000:02:00.1/vpd", image)

            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.device(at: PCIAddress("0000:02:00.0")!)?.cardSerialNumber == "PFSERIAL")
            #expect(snapshot.device(at: PCIAddress("0000:02:00.1")!)?.cardSerialNumber == "VFSERIAL")
        }
    }

    @Test func noSerialWithoutVPD() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 1)).write(to: root)
            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.devices.count == 2)
            #expect(snapshot.devices.allSatisfy { $0.cardSerialNumber == nil })
        }
    }

    // MARK: Classification

    @Test func vfsWithAVDPADeviceAreVDPA() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 2, vfsPerPF: 2, vdpaPFs: 2)).write(to: root)
            let snapshot = try SysfsScanner(root: root).scan()

            #expect(snapshot.devices.map(\.type) == [.physicalFunction, .vdpa, .vdpa, .physicalFunction, .vdpa, .vdpa])
            #expect(snapshot.devices.map(\.vdpaName) == [nil, "vdpa0", "vdpa1", nil, "vdpa2", "vdpa3"])
            let last = try #require(snapshot.device(at: PCIAddress("0000:04:00.1")!))
            #expect(last.parentAddress == PCIAddress("0000:03:00.0"))
            #expect(last.vfNumber == 1)
            #expect(last.parentIfname == "ens1f0np0")
        }
    }

    @Test func onlyAVDPADirectoryMakesAVDPADevice() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.physicalFunction("0000:06:00.0", virtualFunctions: [0: "0000:06:00.2", 1: "0000:06:00.3"])
            try fixture.directory("devices/pci0000:00/0000:06:00.2/vdpa7")
            // A file that merely starts with "vdpa" is not a vDPA device.
            try fixture.deviceFile("0000:06:00.3", "vdpa_notes", "x\n")

            let snapshot = try SysfsScanner(root: root).scan()
            let withVDPA = try #require(snapshot.device(at: PCIAddress("0000:06:00.2")!))
            #expect(withVDPA.type == .vdpa)
            #expect(withVDPA.vdpaName == "vdpa7")
            #expect(withVDPA.parentAddress == PCIAddress("0000:06:00.0"))
            let plain = try #require(snapshot.device(at: PCIAddress("0000:06:00.3")!))
            #expect(plain.type == .virtualFunction)
            #expect(plain.vdpaName == nil)
        }
    }

    @Test func extraNICsAreTypePCIWithoutNUMAAffinity() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 1, extraPCIDevices: 9)).write(to: root)
            let snapshot = try SysfsScanner(root: root).scan()
            let extras = snapshot.devices.filter { $0.type == .pci }

            #expect(snapshot.devices.count == 11)
            #expect(extras.map(\.address.description) == [
                "0000:00:01.0", "0000:00:01.1", "0000:00:01.2", "0000:00:01.3", "0000:00:01.4",
                "0000:00:01.5", "0000:00:01.6", "0000:00:01.7", "0000:00:02.0",
            ])
            #expect(extras.map(\.netdevName) == ["eno1", "eno2", "eno3", "eno4", "eno5", "eno6", "eno7", "eno8", "eno9"])
            #expect(extras.first?.macAddress == "3c:ec:ef:00:00:01")
            #expect(extras.last?.macAddress == "3c:ec:ef:00:00:09")
            #expect(snapshot.netdevs["eno9"] == PCIAddress("0000:00:02.0"))
            for extra in extras {
                #expect(extra.vendorID == "8086")
                #expect(extra.productID == "1533")
                #expect(extra.classCode == 0x020000)
                #expect(extra.numaNode == nil)
                #expect(extra.parentAddress == nil)
                #expect(extra.totalVFs == nil)
                #expect(extra.isSRIOVCapable == false)
            }
        }
    }

    @Test func aPFWithVFsDisabledIsStillAPF() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 0, totalVFsPerPF: 8)).write(to: root)
            let device = try #require(try SysfsScanner(root: root).scan().devices.first)
            #expect(device.type == .physicalFunction)
            #expect(device.totalVFs == 8)
            #expect(device.enabledVFs == 0)
            #expect(device.isSRIOVCapable)
        }
    }

    @Test func aNICWithoutSRIOVIsTypePCI() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 0)).write(to: root)
            let snapshot = try SysfsScanner(root: root).scan()
            let device = try #require(snapshot.devices.first)
            #expect(snapshot.devices.count == 1)
            #expect(device.type == .pci)
            #expect(device.netdevName == "ens0f0np0")
        }
    }

    @Test func theVFNumberComesFromTheVirtfnLink() throws {
        try withTemporaryDirectory { root in
            // Numbers deliberately out of address order.
            try SysfsFixture(root: root).physicalFunction(
                "0000:81:00.0", virtualFunctions: [0: "0000:81:00.3", 1: "0000:81:00.1", 2: "0000:81:00.2"])
            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.device(at: PCIAddress("0000:81:00.1")!)?.vfNumber == 1)
            #expect(snapshot.device(at: PCIAddress("0000:81:00.2")!)?.vfNumber == 2)
            #expect(snapshot.device(at: PCIAddress("0000:81:00.3")!)?.vfNumber == 0)
        }
    }

    /// As the kernel lays it out (seen on QEMU's igb under an emulated VT-d, issue 15):
    /// `iommu_group -> ../../../kernel/iommu_groups/N`, one group per function there.
    @Test func theIOMMUGroupComesFromTheIommuGroupLink() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.physicalFunction("0000:01:00.0", virtualFunctions: [0: "0000:01:10.0", 1: "0000:01:10.2"])
            try fixture.device("0000:00:1f.0", vendor: "0x8086", device: "0x2918")
            for (address, group) in [("0000:01:00.0", 5), ("0000:01:10.0", 6), ("0000:01:10.2", 7)] {
                try fixture.directory("kernel/iommu_groups/\(group)/devices")
                try fixture.link("devices/pci0000:00/\(address)/iommu_group", to: "../../../kernel/iommu_groups/\(group)")
            }
            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.warnings == [])
            let groups = Dictionary(uniqueKeysWithValues: result.snapshot.devices.map { ($0.address.description, $0.iommuGroup) })
            #expect(groups == ["0000:00:1f.0": nil, "0000:01:00.0": 5, "0000:01:10.0": 6, "0000:01:10.2": 7])
        }
    }

    @Test func aVFWhosePFIsMissingIsReportedWithAWarning() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:05:00.1", device: "0x101e")
            try fixture.link("devices/pci0000:00/0000:05:00.1/physfn", to: "../0000:05:00.0")

            let result = try SysfsScanner(root: root).scanWithWarnings()
            let vf = try #require(result.snapshot.devices.first)
            #expect(vf.type == .virtualFunction)
            #expect(vf.parentAddress == PCIAddress("0000:05:00.0"))
            #expect(vf.vfNumber == nil)
            #expect(vf.parentIfname == nil)
            #expect(result.warnings == ["0000:05:00.1: its PF 0000:05:00.0 (physfn) is not among the PCI devices"])
        }
    }

    @Test func picksTheFirstNetdevByName() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:07:00.0")
            try fixture.netdev("eth9", of: "0000:07:00.0", mac: "AA:BB:CC:00:00:09")
            try fixture.netdev("eth10", of: "0000:07:00.0", mac: "aa:bb:cc:00:00:10")

            let snapshot = try SysfsScanner(root: root).scan()
            let device = try #require(snapshot.devices.first)
            #expect(device.netdevName == "eth10")
            #expect(device.macAddress == "aa:bb:cc:00:00:10")
            #expect(snapshot.netdevs == ["eth9": PCIAddress("0000:07:00.0")!, "eth10": PCIAddress("0000:07:00.0")!])
        }
    }

    @Test func netdevsWithoutAPCIDeviceAreLeftOut() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:07:00.0")
            try fixture.netdev("eth0", of: "0000:07:00.0", mac: "aa:bb:cc:00:00:01")
            try fixture.file("devices/virtual/net/lo/address", "00:00:00:00:00:00\n")
            try fixture.link("class/net/lo", to: "../../devices/virtual/net/lo")
            try fixture.directory("devices/usb1/1-1/1-1:1.0/net/usb0")
            try fixture.link("devices/usb1/1-1/1-1:1.0/net/usb0/device", to: "../../../1-1:1.0")
            try fixture.link("class/net/usb0", to: "../../devices/usb1/1-1/1-1:1.0/net/usb0")

            #expect(try SysfsScanner(root: root).scan().netdevs == ["eth0": PCIAddress("0000:07:00.0")!])
        }
    }

    @Test func aVirtioNICsNetdevBelongsToItsPCIFunction() throws {
        try withTemporaryDirectory { root in
            // As on a KVM guest: the netdev sits under the virtio device, not under net/.
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:00:03.0", vendor: "0x1af4", device: "0x1041")
            let netdev = "devices/pci0000:00/0000:00:03.0/virtio2/net/eth0"
            try fixture.file(netdev + "/address", "52:54:00:12:34:56\n")
            try fixture.link(netdev + "/device", to: "../../../virtio2")
            try fixture.link("class/net/eth0", to: "../../" + netdev)

            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.netdevs == ["eth0": PCIAddress("0000:00:03.0")!])
            let device = try #require(snapshot.devices.first)
            #expect(device.netdevName == "eth0")
            #expect(device.macAddress == "52:54:00:12:34:56")
            #expect(device.type == .pci)
        }
    }

    // MARK: Device attributes

    @Test func numaNodeMinusOneIsNoAffinity() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:00:1f.2", numaNode: "-1")
            try fixture.device("0000:00:1f.3", numaNode: "1")
            let snapshot = try SysfsScanner(root: root).scan()
            #expect(snapshot.devices.map(\.numaNode) == [nil, 1])
        }
    }

    @Test func idsAreNormalisedToLowerCase() throws {
        try withTemporaryDirectory { root in
            try SysfsFixture(root: root).device("0000:0A:00.0", vendor: "0x15B3", device: "0xA2DC")
            let device = try #require(try SysfsScanner(root: root).scan().devices.first)
            #expect(device.address.description == "0000:0a:00.0")
            #expect(device.vendorID == "15b3")
            #expect(device.productID == "a2dc")
        }
    }

    @Test func junkInOptionalFilesIsIgnoredWithWarnings() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:09:00.0", numaNode: "somewhere")
            try fixture.deviceFile("0000:09:00.0", "class", "ethernet\n")
            try fixture.deviceFile("0000:09:00.0", "sriov_totalvfs", "many\n")

            let result = try SysfsScanner(root: root).scanWithWarnings()
            let device = try #require(result.snapshot.devices.first)
            #expect(device.type == .pci)
            #expect(device.numaNode == nil)
            #expect(device.classCode == nil)
            let directory = root + "/bus/pci/devices/0000:09:00.0"
            #expect(result.warnings == [
                "ignored \(directory)/class: found \"ethernet\", expected a class code such as 0x020000",
                "ignored \(directory)/numa_node: found \"somewhere\", expected a node number or -1",
                "ignored \(directory)/sriov_totalvfs: found \"many\", expected a VF count",
            ])
        }
    }

    @Test func aCorruptVPDMeansNoSerialAndAWarning() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 1, vpdSerialPattern: "MT1")).write(to: root)
            let fixture = SysfsFixture(root: root)
            try fixture.bytes("devices/pci0000:00/0000:01:00.0/vpd", Array(VitalProductDataTests.example.prefix(20)))

            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.snapshot.devices.count == 2)
            #expect(result.snapshot.devices.allSatisfy { $0.cardSerialNumber == nil })
            #expect(result.warnings == [
                "ignored \(root)/bus/pci/devices/0000:01:00.0/vpd: VPD is truncated at byte 14",
            ])
        }
    }

    @Test func anEmptyVPDIsSilent() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:09:00.0")
            try fixture.bytes("devices/pci0000:00/0000:09:00.0/vpd", [])
            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.warnings == [])
            #expect(result.snapshot.devices.first?.cardSerialNumber == nil)
        }
    }

}
