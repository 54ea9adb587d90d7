import TestSupport
import Foundation
import HostInventory
import PCI
import Testing

/// `FakeSysfsWriter.removeDevice`: a VF unplugged from a fake tree, as the kernel shows a
/// hot-unplug, so that a rescan no longer finds it and finds everything else as before.
struct FakeSysfsRemovalTests {
    @Test func anUnpluggedVFLeavesTheBusItsPFAndTheNetClass() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter().write(to: root)
            let vf = PCIAddress("0000:02:00.3")!
            let before = try SysfsScanner(root: root).scanWithWarnings()
            try FakeSysfsWriter.removeDevice(vf, from: root)

            let after = try SysfsScanner(root: root).scanWithWarnings()
            #expect(after.warnings == before.warnings)
            #expect(after.snapshot.device(at: vf) == nil)
            #expect(after.snapshot.devices.map(\.address) == before.snapshot.devices.map(\.address).filter { $0 != vf })
            #expect(after.snapshot.device(forNetdev: "ens0f0v3") == nil)
            #expect(!FileManager.default.fileExists(atPath: root + "/devices/pci0000:00/0000:01:00.0/virtfn3"))
            #expect(FileManager.default.fileExists(atPath: root + "/devices/pci0000:00/0000:01:00.0/virtfn2"))
        }
    }

    @Test func aDeviceTheTreeDoesNotHaveOrATreeNotMadeByTheWriterIsRefused() throws {
        try withTemporaryDirectory { root in
            #expect(throws: FakeSysfsError.rootNotEmpty(path: root)) { try FakeSysfsWriter.removeDevice(PCIAddress("0000:02:00.0")!, from: root) }
            try FakeSysfsWriter().write(to: root)
            #expect(throws: FakeSysfsError.self) { try FakeSysfsWriter.removeDevice(PCIAddress("0000:7f:00.0")!, from: root) }
        }
    }
}
