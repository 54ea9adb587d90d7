import TestSupport
import HostInventory
import PCI
import Testing

/// NUMA nodes, sockets and CPUs; and a host at full scale.
extension SysfsScannerTests {
    // MARK: NUMA topology

    @Test func readsCPUListsAndSockets() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.file("devices/system/node/node0/cpulist", "0-3,8\n")
            try fixture.file("devices/system/node/node1/cpulist", "4-7,9-10\n")
            try fixture.file("devices/system/node/node2/cpulist", "\n") // memory only
            try fixture.file("devices/system/node/online", "0-2\n")
            try fixture.file("devices/system/cpu/cpu0/topology/physical_package_id", "0\n")
            try fixture.file("devices/system/cpu/cpu4/topology/physical_package_id", "1\n")

            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.snapshot.numaTopology.nodes == [
                .init(id: 0, socket: 0, cpus: [0, 1, 2, 3, 8]),
                .init(id: 1, socket: 1, cpus: [4, 5, 6, 7, 9, 10]),
                .init(id: 2, socket: nil, cpus: []),
            ])
            #expect(result.snapshot.numaTopology.hasSocketInformation == false)
            // Only the missing PCI bus is worth a warning.
            #expect(result.warnings.count == 1)
        }
    }

    @Test func aNodeWithoutPackageInformationHasNoSocket() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.file("devices/system/node/node0/cpulist", "0-1\n")
            try fixture.file("devices/system/node/node1/cpulist", "2-3\n")
            try fixture.file("devices/system/cpu/cpu0/topology/physical_package_id", "0\n")
            try fixture.file("devices/system/cpu/cpu2/topology/physical_package_id", "-1\n")
            let topology = try SysfsScanner(root: root).scan().numaTopology
            #expect(topology.socket(ofNode: 0) == 0)
            #expect(topology.socket(ofNode: 1) == nil)
        }
    }

    @Test func aGarbledCPUListIsIgnoredWithAWarning() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.file("devices/system/node/node0/cpulist", "3-1,x\n")
            try fixture.file("devices/system/node/node1/cpulist", "0-99999999\n")
            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.snapshot.numaTopology.nodes == [
                .init(id: 0, socket: nil, cpus: []), .init(id: 1, socket: nil, cpus: []),
            ])
            let nodes = root + "/devices/system/node"
            #expect(result.warnings.suffix(2) == [
                "ignored \(nodes)/node0/cpulist: found \"3-1,x\", expected a cpulist such as 0-3,8",
                "ignored \(nodes)/node1/cpulist: found \"0-99999999\", expected a cpulist such as 0-3,8",
            ])
        }
    }

    @Test func noNodeDirectoryMeansNoTopology() throws {
        try withTemporaryDirectory { root in
            try SysfsFixture(root: root).device("0000:09:00.0")
            #expect(try SysfsScanner(root: root).scan().numaTopology == .none)
        }
    }

    // MARK: Scale

    @Test func scansSixtyFourPFsOfTwoHundredFiftySixVFs() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 64, vfsPerPF: 256)).write(to: root)
            let result = try SysfsScanner(root: root).scanWithWarnings()
            let devices = result.snapshot.devices

            #expect(result.warnings == [])
            #expect(devices.count == 16_448)
            #expect(devices.filter { $0.type == .physicalFunction }.count == 64)
            #expect(devices.filter { $0.type == .virtualFunction }.count == 16_384)
            #expect(result.snapshot.netdevs.count == 16_448)
            #expect(Set(devices.compactMap(\.macAddress)).count == 16_448)
            // Every VF knows its PF and its number: 256 per PF, numbered 0–255.
            let numbersByPF = Dictionary(grouping: devices.filter { $0.type == .virtualFunction }) { $0.parentAddress }
            #expect(numbersByPF.count == 64)
            #expect(numbersByPF.values.allSatisfy { Set($0.compactMap(\.vfNumber)) == Set(0..<256) })

            let last = try #require(devices.last)
            #expect(last.address.description == "0000:80:1f.7")
            #expect(last.parentAddress?.description == "0000:7f:00.0")
            #expect(last.vfNumber == 255)
            #expect(last.parentIfname == "ens63f0np0")
            #expect(last.netdevName == "ens63f0v255")
            #expect(last.numaNode == 1)
        }
    }
}
