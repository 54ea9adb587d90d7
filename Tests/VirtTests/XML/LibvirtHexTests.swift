import Testing
@testable import Virt

struct LibvirtHexTests {
    @Test(arguments: [("0x81", 0x81), ("0X81", 0x81), ("81", 0x81), ("8a", 0x8a), ("0x8A", 0x8a), ("0x0000", 0), ("1f", 0x1f)])
    func readsHexWithOrWithoutPrefixInAnyCase(_ text: String, _ value: Int) {
        #expect(LibvirtHex.value(text) == UInt32(value))
    }

    @Test(arguments: ["", "0x", "zz", "0x8g", "-1", "+1", " 81", "123456789"])
    func refusesWhatIsNotHex(_ text: String) {
        #expect(LibvirtHex.value(text) == nil)
    }

    @Test func formatsWithPrefixAndPadding() {
        #expect(LibvirtHex.format(0, width: 4) == "0x0000")
        #expect(LibvirtHex.format(0x81, width: 2) == "0x81")
        #expect(LibvirtHex.format(0x1, width: 1) == "0x1")
        #expect(LibvirtHex.format(0x12345, width: 4) == "0x12345")
    }
}
