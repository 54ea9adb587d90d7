import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("MACAddress")
struct MACAddressTests {
    @Test("normalises case and separators")
    func normalise() {
        #expect(MACAddress.normalize("FA-16-3E-0A-0B-0C") == "fa:16:3e:0a:0b:0c")
        #expect(MACAddress.normalize("52:54:00:1e:59:c6") == "52:54:00:1e:59:c6")
    }

    @Test("refuses malformed, all-zero and broadcast addresses",
        arguments: ["fa:16:3e:0a:0b", "fa:16:3e:0a:0b:0g", "fa163e0a0b0c", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "f:16:3e:0a:0b:0c"])
    func invalid(text: String) {
        #expect(MACAddress.normalize(text) == nil)
    }
}
