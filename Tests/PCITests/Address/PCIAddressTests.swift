import Foundation
import Testing
@testable import PCI

struct PCIAddressTests {
    @Test func parsesAndNormalises() throws {
        let address = try PCIAddress(parsing: "0000:81:0A.7")
        #expect(address.domain == 0)
        #expect(address.bus == 0x81)
        #expect(address.slot == 0x0A)
        #expect(address.function == 7)
        #expect(address.description == "0000:81:0a.7")
        #expect(address.libvirtName == "pci_0000_81_0a_7")
    }

    @Test func ordersAsNovaSortsAddresses() {
        let texts = ["0000:82:00.0", "0000:81:00.4", "0001:00:00.0", "0000:81:00.1", "0000:81:01.0"]
        let sorted = texts.map { PCIAddress($0)! }.sorted().map(\.description)
        #expect(sorted == ["0000:81:00.1", "0000:81:00.4", "0000:81:01.0", "0000:82:00.0", "0001:00:00.0"])
    }

    @Test(arguments: [
        "", "81:00.1", "0000:81:00", "0000:81:00.8", "0000:81:20.0", "10000:81:00.0", "0000:8g:00.1",
        " 0000:81:00.1", "0000-81-00.1", "0000:81:00.1 ", "0000:81:00.10",
    ])
    func refusesMalformed(_ text: String) {
        #expect(PCIAddress(text) == nil)
        #expect(throws: PCIAddressError(address: text)) { try PCIAddress(parsing: text) }
        #expect(PCIAddressError(address: text).description == "The PCI address \(text) has an incorrect format.")
    }

    @Test func roundTripsThroughCodable() throws {
        let address = PCIAddress("0000:06:00.4")!
        let data = try JSONEncoder().encode([address])
        #expect(String(decoding: data, as: UTF8.self) == #"["0000:06:00.4"]"#)
        #expect(try JSONDecoder().decode([PCIAddress].self, from: data) == [address])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PCIAddress].self, from: Data(#"["06:00.4"]"#.utf8)) }
    }
}
