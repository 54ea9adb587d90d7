import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PCI

extension DomainConfig {
    /// Gives the element a guest PCI address on a free pcie-root-port (bus = the port's
    /// index, as libvirt places hot-plugged devices on q35) unless it has one; false when
    /// every port is taken.
    func placeOnFreePort(_ element: XMLElement) -> Bool {
        if Self.guestAddress(of: element) != nil { return true }
        let used = Set(deviceElements.compactMap(Self.guestAddress).map(\.bus))
        guard let bus = rootPortBuses.first(where: { !used.contains($0) }) else { return false }
        element.addChild(PCIAddress(domain: 0, bus: bus, slot: 0, function: 0).libvirtElement(withType: true))
        return true
    }

    /// Names the element as libvirt names live devices: `hostdevN` for PCI hostdevs and
    /// hostdev interfaces, `netN` for other interfaces, N one above the highest in use.
    func assignAlias(to element: XMLElement) {
        guard element.firstChild(named: "alias") == nil else { return }
        let prefix = Self.aliasPrefix(of: element)
        let taken = deviceElements.compactMap { $0.firstChild(named: "alias")?.attributeValue("name") }
            .compactMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }
        element.addChild(LibvirtXML.element("alias", [("name", "\(prefix)\((taken.max() ?? -1) + 1)")]))
    }

    /// Turns a persistent copy into the live config of a starting guest: every guest
    /// device gets a port and an alias; false when the ports run out.
    func prepareForBoot() -> Bool {
        for element in deviceElements where GuestDevice(domainElement: element) != nil {
            guard placeOnFreePort(element) else { return false }
            assignAlias(to: element)
        }
        return true
    }

    func alias(of device: GuestDevice) -> String? {
        guard let element = DeviceLocator.element(for: device, in: document) else { return nil }
        return element.firstChild(named: "alias")?.attributeValue("name")
    }

    private var deviceElements: [XMLElement] { devices.childElements }

    private var rootPortBuses: [UInt8] {
        deviceElements
            .filter { $0.name == "controller" && $0.attributeValue("type") == "pci" && $0.attributeValue("model") == "pcie-root-port" }
            .compactMap { $0.attributeValue("index").flatMap { UInt8($0) } }
            .sorted()
    }

    /// The guest-side address: a direct `<address>` child, not the host one in `<source>`.
    private static func guestAddress(of element: XMLElement) -> PCIAddress? {
        element.firstChild(named: "address").flatMap(PCIAddress.init(libvirtElement:))
    }

    private static func aliasPrefix(of element: XMLElement) -> String {
        element.name == "hostdev" || element.attributeValue("type") == "hostdev" ? "hostdev" : "net"
    }
}
