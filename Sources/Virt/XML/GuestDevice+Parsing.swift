import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PCI

extension GuestDevice {
    /// Reads a device element of a domain's `<devices>`; nil for every other kind of device
    /// (disks, controllers, network NICs…) and for elements missing what identifies them.
    init?(domainElement element: some LibvirtElementReading) {
        switch element.name {
        case "hostdev":
            // libvirt's default mode is subsystem; `type='pci'` is required for a PCI hostdev.
            guard element.attributeValue("mode") ?? "subsystem" == "subsystem",
                  element.attributeValue("type") == "pci",
                  let address = Self.sourceAddress(of: element)
            else { return nil }
            self = .hostdevPCI(address: address)
        case "interface":
            guard let mac = element.firstChild(named: "mac")?.attributeValue("address")?.lowercased() else { return nil }
            let sourceDevice = element.firstChild(named: "source")?.attributeValue("dev")
            switch element.attributeValue("type") {
            case "hostdev":
                guard let address = Self.sourceAddress(of: element) else { return nil }
                self = .hostdevInterface(mac: mac, address: address, vlan: Self.vlan(of: element))
            case "direct":
                guard let sourceDevice else { return nil }
                self = .macvtap(mac: mac, sourceDevice: sourceDevice, vlan: Self.vlan(of: element))
            case "vdpa":
                guard let sourceDevice else { return nil }
                self = .vdpa(mac: mac, devicePath: sourceDevice)
            case "bridge":
                guard let bridge = element.firstChild(named: "source")?.attributeValue("bridge") else { return nil }
                let virtualPort = element.firstChild(named: "virtualport")
                self = .bridge(
                    mac: mac, bridge: bridge, tap: element.firstChild(named: "target")?.attributeValue("dev") ?? "",
                    openVSwitchInterfaceID: virtualPort?.attributeValue("type") == "openvswitch"
                        ? virtualPort?.firstChild(named: "parameters")?.attributeValue("interfaceid") ?? "" : nil)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// The host address under `<source>`, never the guest-side `<address>` that libvirt adds
    /// as a direct child of a live device.
    private static func sourceAddress(of element: some LibvirtElementReading) -> PCIAddress? {
        element.firstChild(named: "source")?.firstChild(named: "address").flatMap { PCIAddress(libvirtElement: $0) }
    }

    private static func vlan(of element: some LibvirtElementReading) -> Int? {
        element.firstChild(named: "vlan")?.firstChild(named: "tag")?.attributeValue("id").flatMap { Int($0) }
    }
}
