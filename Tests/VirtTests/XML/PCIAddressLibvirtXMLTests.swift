import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PCI
import Testing
@testable import Virt

struct PCIAddressLibvirtXMLTests {
    func address(_ attributes: String) throws -> PCIAddress? {
        PCIAddress(libvirtElement: try Fixture.root(of: "<address \(attributes)/>"))
    }

    @Test func roundTripsThroughTheElement() throws {
        let address = PCIAddress(domain: 0x0001, bus: 0x3b, slot: 0x02, function: 5)
        let element = address.libvirtElement(withType: true)
        _ = XMLDocument(rootElement: element)
        #expect(PCIAddress(libvirtElement: element) == address)
    }

    @Test(arguments: [
        "domain='0x0000' bus='0x81' slot='0x00' function='0x8'",  // function out of range
        "domain='0x0000' bus='0x81' slot='0x20' function='0x0'",  // slot out of range
        "domain='0x10000' bus='0x81' slot='0x00' function='0x0'",
        "domain='0x0000' bus='0x100' slot='0x00' function='0x0'",
        "domain='0x0000' bus='0x81' slot='0x00'",  // missing function
        "type='drive' controller='0' bus='0' target='0' unit='0'",  // not a PCI address
        "domain='0x0000' bus='x81' slot='0x00' function='0x0'",
    ])
    func refusesWhatIsNotAPCIAddress(_ attributes: String) throws {
        #expect(try address(attributes) == nil)
    }

    @Test func typeIsOptional() throws {
        #expect(try address("domain='0x0000' bus='0x81' slot='0x00' function='0x1'") == Fixture.vf)
        #expect(try address("type='pci' domain='0x0000' bus='0x81' slot='0x00' function='0x1'") == Fixture.vf)
    }
}
