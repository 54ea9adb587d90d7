import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PCI

extension PCIAddress {
    /// `<address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>`; `type='pci'` is
    /// written inside `<interface type='hostdev'>`, where libvirt needs it to know the bus,
    /// and left out of `<hostdev>`, whose `type='pci'` already says it (as Nova writes both).
    func libvirtElement(withType: Bool) -> XMLElement {
        let fields = [
            ("domain", LibvirtHex.format(UInt32(domain), width: 4)),
            ("bus", LibvirtHex.format(UInt32(bus), width: 2)),
            ("slot", LibvirtHex.format(UInt32(slot), width: 2)),
            ("function", LibvirtHex.format(UInt32(function), width: 1)),
        ]
        return LibvirtXML.element("address", (withType ? [("type", "pci")] : []) + fields)
    }

    /// Reads an `<address>` element numerically; nil when a field is missing, not hex, out
    /// of range, or the address is not a PCI one.
    init?(libvirtElement element: some LibvirtElementReading) {
        if let type = element.attributeValue("type"), type != "pci" { return nil }
        guard let domain = element.attributeValue("domain").flatMap(LibvirtHex.value), domain <= PCIAddress.maxDomain,
              let bus = element.attributeValue("bus").flatMap(LibvirtHex.value), bus <= PCIAddress.maxBus,
              let slot = element.attributeValue("slot").flatMap(LibvirtHex.value), slot <= PCIAddress.maxSlot,
              let function = element.attributeValue("function").flatMap(LibvirtHex.value), function <= PCIAddress.maxFunction
        else { return nil }
        self.init(domain: UInt16(domain), bus: UInt8(bus), slot: UInt8(slot), function: UInt8(function))
    }
}
