import TestSupport
import HostInventory
import PCI
import Testing

/// Bad input never crashes the scan: a typed error naming the path, or a warning.
extension SysfsScannerTests {
    // MARK: Bad input

    @Test func aMalformedVendorFileIsATypedErrorNamingThePath() throws {
        try withTemporaryDirectory { root in
            try SysfsFixture(root: root).device("0000:09:00.0", vendor: "0xZZZZ")
            let path = root + "/bus/pci/devices/0000:09:00.0/vendor"
            #expect(throws: InventoryError.malformedFile(
                path: path, content: "0xZZZZ", expected: "a 16-bit hex id such as 0x15b3")) {
                try SysfsScanner(root: root).scan()
            }
        }
    }

    @Test func aMissingDeviceFileIsATypedError() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:09:00.0")
            try fixture.remove("devices/pci0000:00/0000:09:00.0/device")
            let error = try #require(throws: InventoryError.self) { try SysfsScanner(root: root).scan() }
            guard case .unreadableFile(let path, _) = error else {
                Issue.record("expected unreadableFile, got \(error)")
                return
            }
            #expect(path == root + "/bus/pci/devices/0000:09:00.0/device")
        }
    }

    @Test func entriesThatAreNotPCIAddressesAreSkippedWithAWarning() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:09:00.0")
            // A VMD domain: 32 bits, which Nova's address format cannot hold.
            try fixture.device("10000:00:01.0")
            try fixture.directory("bus/pci/devices/not-a-device")

            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.snapshot.devices.map(\.address.description) == ["0000:09:00.0"])
            let devices = root + "/bus/pci/devices"
            #expect(result.warnings == [
                "skipped \(devices)/10000:00:01.0: \"10000:00:01.0\" is not a PCI address (dddd:bb:ss.f)",
                "skipped \(devices)/not-a-device: \"not-a-device\" is not a PCI address (dddd:bb:ss.f)",
            ])
        }
    }

    @Test func aDanglingDeviceLinkIsSkippedWithAWarning() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:09:00.0")
            try fixture.link("bus/pci/devices/0000:09:00.1", to: "../../../devices/pci0000:00/0000:09:00.1")
            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.snapshot.devices.count == 1)
            #expect(result.warnings.count == 1)
            #expect(result.warnings.first?.hasPrefix("skipped \(root)/bus/pci/devices/0000:09:00.1: cannot list it") == true)
        }
    }

    @Test func virtfnAndIommuGroupLinksToSomethingElseAreIgnoredWithWarnings() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.physicalFunction("0000:81:00.0", virtualFunctions: [0: "0000:81:00.1"])
            try fixture.link("devices/pci0000:00/0000:81:00.0/virtfn1", to: "../elsewhere")
            try fixture.link("devices/pci0000:00/0000:81:00.1/iommu_group", to: "../../../kernel/iommu_groups/none")
            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.snapshot.devices.map(\.type) == [.physicalFunction, .virtualFunction])
            #expect(result.snapshot.devices.map(\.iommuGroup) == [nil, nil])
            #expect(result.warnings == [
                "ignored \(root)/bus/pci/devices/0000:81:00.0/virtfn1: it points at \"elsewhere\", not a PCI address",
                "ignored \(root)/bus/pci/devices/0000:81:00.1/iommu_group: it points at \"none\", not an IOMMU group number",
            ])
        }
    }

    @Test func aMissingRootIsAnError() {
        let root = "/nonexistent/host-inventory-tests/sys"
        #expect(throws: InventoryError.rootNotFound(path: root)) { try SysfsScanner(root: root).scan() }
    }

    @Test func aRootThatIsAFileIsAnError() throws {
        try withTemporaryDirectory { directory in
            try SysfsFixture(root: directory).file("sys", "not a directory\n")
            #expect(throws: InventoryError.rootNotFound(path: directory + "/sys")) {
                try SysfsScanner(root: directory + "/sys").scan()
            }
        }
    }

    @Test func aTreeWithoutAPCIBusIsEmptyWithAWarning() throws {
        try withTemporaryDirectory { root in
            let result = try SysfsScanner(root: root).scanWithWarnings()
            #expect(result.snapshot == .empty)
            #expect(result.warnings == ["no PCI devices: \(root)/bus/pci/devices does not exist"])
        }
    }
}

extension SysfsScannerTests {
    /// A file is read until a read comes back short: a VPD image longer than one read
    /// (4 KB), its serial at the end, is still read whole.
    @Test func aVPDImageLongerThanOneReadIsReadWhole() throws {
        try withTemporaryDirectory { root in
            let fixture = SysfsFixture(root: root)
            try fixture.device("0000:09:00.0")
            let padding = (0..<24).map { index in ("V\(index % 10)", [UInt8](repeating: 0x41, count: 250)) }
            let image = VitalProductDataTests.image(identifier: "Long NIC", fields: padding + [("SN", Array("MT9999LONG".utf8))])
            #expect(image.count > 6_000)
            try fixture.bytes("devices/pci0000:00/0000:09:00.0/vpd", image)
            let devices = try SysfsScanner(root: root).scan().devices
            #expect(devices.map(\.cardSerialNumber) == ["MT9999LONG"])
        }
    }
}
