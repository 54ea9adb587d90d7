import TestSupport
import HostInventory
import PCI
import Testing

/// A host big enough for the scan to read its directories on several threads gives what
/// one pass in name order gives: devices, warnings and the first error in that order.
extension SysfsScannerTests {
    /// Enough directories for several runs of `ConcurrentMap` (256 each at least).
    static let manyDevices = 1_100

    static func address(_ index: Int) -> String {
        PCIAddress(domain: 0, bus: UInt8(index / 256), slot: UInt8(index / 8 % 32), function: UInt8(index % 8)).description
    }

    @Test func aHostReadOnSeveralThreadsKeepsNameOrder() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            var expectedWarnings: [String] = []
            for index in 0..<Self.manyDevices {
                let address = Self.address(index)
                try fixture.device(address, numaNode: index % 3 == 0 ? "x\(index)" : "0")
                if index % 3 == 0 {
                    expectedWarnings.append("ignored \(root)/bus/pci/devices/\(address)/numa_node: found \"x\(index)\", expected a node number or -1")
                }
            }
            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.snapshot.devices.map(\.address.description) == (0..<Self.manyDevices).map(Self.address))
            #expect(result.warnings == expectedWarnings)
        }
    }

    @Test func theFirstBadDirectoryInNameOrderIsTheError() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            for index in 0..<Self.manyDevices {
                // Two bad ones, in different runs: the earlier one is the error.
                let vendor = index == 40 || index == Self.manyDevices - 40 ? "0xZZZZ" : "0x15b3"
                try fixture.device(Self.address(index), vendor: vendor)
            }
            #expect(throws: InventoryError.malformedFile(
                path: root + "/bus/pci/devices/\(Self.address(40))/vendor", content: "0xZZZZ",
                expected: "a 16-bit hex id such as 0x15b3")) {
                try SysfsScanner(root: root).scan()
            }
        }
    }
}
