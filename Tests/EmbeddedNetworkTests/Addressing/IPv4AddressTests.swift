import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("IPv4Address")
struct IPv4AddressTests {
    @Test("parses and prints dotted quads")
    func roundTrip() {
        #expect(IPv4Address("10.99.0.2")?.value == 0x0A63_0002)
        #expect(IPv4Address("255.255.255.255")?.description == "255.255.255.255")
        #expect(IPv4Address(0x0A63_0002).description == "10.99.0.2")
    }

    @Test("refuses what is not a dotted quad", arguments: ["10.0.0", "10.0.0.256", "10.0.0.-1", "a.b.c.d", "10..0.1", "", "1.2.3.4.5", "+1.2.3.4", "0001.2.3.4"])
    func invalid(text: String) {
        #expect(IPv4Address(text) == nil)
    }
}
