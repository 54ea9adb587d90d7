import TestSupport
import Foundation
import HostInventory
import Testing

@Suite("FakeHostLayout")
struct FakeHostLayoutTests {
    @Test func defaultsDescribeASmallTwoSocketHost() {
        let layout = FakeHostLayout()
        #expect(layout.pfCount == 2)
        #expect(layout.vfsPerPF == 4)
        #expect(layout.totalVFsPerPF == nil)
        #expect(layout.numaNodes == 2)
        #expect(layout.sockets == 2)
        #expect(layout.cpusPerNode == 4)
        #expect(layout.vendorID == "15b3")
        #expect(layout.pfProductID == "101d")
        #expect(layout.vfProductID == "101e")
        #expect(layout.pfNetdevPattern == "ens{pf}f0np0")
        #expect(layout.vfNetdevPattern == "ens{pf}f0v{vf}")
        #expect(layout.vpdSerialPattern == nil)
        #expect(layout.vdpaPFs == 0)
        #expect(layout.extraPCIDevices == 0)
    }

    static let invalidLayouts: [(String, FakeHostLayout)] = [
        ("too many VFs", FakeHostLayout(vfsPerPF: 257)),
        ("negative PF count", FakeHostLayout(pfCount: -1)),
        ("too many PFs", FakeHostLayout(pfCount: FakeHostLayout.maxPFs + 1)),
        ("fewer total than enabled VFs", FakeHostLayout(vfsPerPF: 4, totalVFsPerPF: 2)),
        ("no NUMA node", FakeHostLayout(numaNodes: 0)),
        ("more sockets than nodes", FakeHostLayout(numaNodes: 2, sockets: 3)),
        ("no CPUs", FakeHostLayout(cpusPerNode: 0)),
        ("too many extra devices", FakeHostLayout(extraPCIDevices: FakeHostLayout.maxExtraPCIDevices + 1)),
        ("3-digit vendor", FakeHostLayout(vendorID: "15b")),
        ("prefixed vendor", FakeHostLayout(vendorID: "0x15b3")),
        ("non-hex product", FakeHostLayout(vfProductID: "zzzz")),
        ("PF names without {pf}", FakeHostLayout(pfNetdevPattern: "ens0")),
        ("VF names without {pf}", FakeHostLayout(vfNetdevPattern: "vf{vf}")),
        ("a PF and a VF with one name", FakeHostLayout(pfCount: 1, vfsPerPF: 1, pfNetdevPattern: "n{pf}", vfNetdevPattern: "n{vf}")),
        ("a PF named like an onboard NIC", FakeHostLayout(pfCount: 1, vfsPerPF: 0, pfNetdevPattern: "eno1", extraPCIDevices: 1)),
        ("name over 15 bytes", FakeHostLayout(pfNetdevPattern: "enp{pf}s0f0np0-long")),
        ("name with a slash", FakeHostLayout(pfNetdevPattern: "ens/{pf}")),
        ("non-ASCII serial", FakeHostLayout(vpdSerialPattern: "MT–{pf}")),
        ("empty serial", FakeHostLayout(vpdSerialPattern: "")),
        ("more vDPA PFs than PFs", FakeHostLayout(pfCount: 2, vdpaPFs: 3)),
    ]

    @Test(arguments: invalidLayouts)
    func refusesAnImpossibleLayoutBeforeWriting(_ name: String, _ layout: FakeHostLayout) throws {
        try withTemporaryDirectory { directory in
            let root = directory + "/sys"
            let error = try #require(throws: FakeSysfsError.self, "\(name)") {
                try FakeSysfsWriter(layout: layout).write(to: root)
            }
            guard case .invalidLayout = error else {
                Issue.record("\(name): expected invalidLayout, got \(error)")
                return
            }
            #expect(!FileManager.default.fileExists(atPath: root), "\(name): nothing may be written")
        }
    }

    @Test func aRefusalNamesTheFieldAndItsRange() {
        #expect(throws: FakeSysfsError.invalidLayout("vfsPerPF is 257, must be in 0...256")) {
            try FakeSysfsWriter(layout: FakeHostLayout(vfsPerPF: 257)).write(to: "/nonexistent/never-written")
        }
    }

    @Test func upperCaseIDsAreWrittenInLowerCase() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 1, vendorID: "15B3", pfProductID: "A2DC"))
                .write(to: root)
            let pf = try #require(try SysfsScanner(root: root).scan().devices.first)
            #expect(pf.vendorID == "15b3")
            #expect(pf.productID == "a2dc")
        }
    }
}
