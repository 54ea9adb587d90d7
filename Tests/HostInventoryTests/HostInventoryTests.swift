import TestSupport
import HostInventory
import PCI
import Testing

@Suite("HostInventory")
struct HostInventoryTests {
    @Test func scansLikeTheScanner() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 2)).write(to: root)
            let snapshot = try HostInventory.scan(root: root)
            #expect(snapshot.devices.map(\.address.description) == ["0000:01:00.0", "0000:02:00.0", "0000:02:00.1"])
            #expect(snapshot == (try SysfsScanner(root: root).scan()))
        }
    }

    @Test func aTrailingSlashOnTheRootChangesNothing() throws {
        try withTemporaryDirectory { root in
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: 2)).write(to: root + "/")
            #expect(try HostInventory.scan(root: root + "/") == (try HostInventory.scan(root: root)))
        }
    }

    @Test func defaultsToTheRealSysfs() {
        #expect(HostInventory.defaultRoot == "/sys")
    }

    @Test func aMissingRootIsAnError() {
        #expect(throws: InventoryError.rootNotFound(path: "/nonexistent/sys")) {
            try HostInventory.scan(root: "/nonexistent/sys")
        }
    }
}
