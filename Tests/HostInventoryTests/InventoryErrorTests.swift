import HostInventory
import Testing

@Suite("InventoryError")
struct InventoryErrorTests {
    @Test func messagesNameThePath() {
        #expect(InventoryError.rootNotFound(path: "/srv/sys").description
            == "sysfs root /srv/sys does not exist or is not a directory")
        #expect(InventoryError.unreadableFile(path: "/sys/x/vendor", reason: "Permission denied").description
            == "cannot read /sys/x/vendor: Permission denied")
        #expect(InventoryError.unreadableDirectory(path: "/sys/bus/pci/devices", reason: "Permission denied").description
            == "cannot list /sys/bus/pci/devices: Permission denied")
        #expect(InventoryError.malformedFile(path: "/sys/x/vendor", content: "0xZZZZ", expected: "a hex id").description
            == "malformed /sys/x/vendor: found \"0xZZZZ\", expected a hex id")
    }

    @Test func badContentIsEscapedAndCut() {
        let binary = InventoryError.malformedFile(path: "/p", content: "a\u{1}\nb", expected: "x").description
        #expect(binary == "malformed /p: found \"a\\u{01}\\nb\", expected x")
        let long = InventoryError.malformedFile(path: "/p", content: String(repeating: "z", count: 500), expected: "x")
        #expect(long.description.count < 120)
        #expect(long.description.contains(String(repeating: "z", count: 64) + "…"))
    }
}
