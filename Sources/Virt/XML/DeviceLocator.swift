import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Finds guest devices in a domain's XML, live or persistent (nova-behavior §6.3, with the
/// PF fix: hostdevs by numeric PCI address, interfaces by MAC + type + source).
public enum DeviceLocator {
    /// The first device of the domain that is the same device as `device`, with the
    /// *domain's* alias; nil when the domain does not hold it.
    public static func find(_ device: GuestDevice, inDomainXML xml: String) throws(HypervisorError) -> DomainDevice? {
        let document = try LibvirtXML.parse(xml, root: "domain", what: "the domain XML")
        return element(for: device, in: document).flatMap(domainDevice(of:))
    }

    /// Every SR-IOV-style guest device of the domain, in document order — for the audit and
    /// start-up recovery, which read every domain: read with `ParsedElement`, which frees
    /// what it parsed, so each `xml` is the element in compact form.
    public static func devices(inDomainXML xml: String) throws(HypervisorError) -> [DomainDevice] {
        let root = try ParsedElement.parse(xml, root: "domain", what: "the domain XML")
        return (root.firstChild(named: "devices")?.children ?? []).compactMap { element in
            GuestDevice(domainElement: element).map {
                DomainDevice(device: $0, alias: element.firstChild(named: "alias")?.attributeValue("name"), xml: element.xml)
            }
        }
    }

    /// The first of `devices` that is the same device as `device` (what `find` answers,
    /// for a domain's devices already listed).
    public static func first(_ device: GuestDevice, in devices: [DomainDevice]) -> DomainDevice? {
        let wanted = DeviceIdentity(device)
        return devices.first { DeviceIdentity($0.device) == wanted }
    }

    static func element(for device: GuestDevice, in document: XMLDocument) -> XMLElement? {
        let wanted = DeviceIdentity(device)
        return deviceElements(of: document).first { element in
            GuestDevice(domainElement: element).map(DeviceIdentity.init) == wanted
        }
    }

    static func element(withAlias alias: String, in document: XMLDocument) -> XMLElement? {
        deviceElements(of: document).first { $0.firstChild(named: "alias")?.attributeValue("name") == alias }
    }

    static func deviceElements(of document: XMLDocument) -> [XMLElement] {
        document.rootElement()?.firstChild(named: "devices")?.childElements ?? []
    }

    static func domainDevice(of element: XMLElement) -> DomainDevice? {
        guard let device = GuestDevice(domainElement: element) else { return nil }
        return DomainDevice(
            device: device, alias: element.firstChild(named: "alias")?.attributeValue("name"),
            xml: LibvirtXML.string(of: element))
    }
}
