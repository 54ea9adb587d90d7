import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("MACAddressGenerator")
struct MACAddressGeneratorTests {
    @Test("uses Neutron's base MAC fa:16:3e and zero-pads the random octets")
    func format() {
        let generator = MACAddressGenerator { 0x01_0a_ff }
        #expect(generator.next() == "fa:16:3e:01:0a:ff")
    }

    @Test("only the low 24 bits count")
    func masks() {
        #expect(MACAddressGenerator { 0xffff_0000 }.next() == "fa:16:3e:ff:00:00")
    }

    @Test("the random generator produces valid MACs")
    func random() {
        for _ in 0..<50 {
            let mac = MACAddressGenerator.random.next()
            #expect(mac.hasPrefix("fa:16:3e:"))
            #expect(MACAddress.normalize(mac) == mac)
        }
    }
}
