import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension GuestDevice {
    /// The device XML handed to libvirt's attach (nova-behavior §6.2), without an alias:
    /// libvirt names live devices itself, and detach uses the name the domain holds.
    public var xml: String {
        LibvirtXML.string(of: makeElement())
    }

    func makeElement() -> XMLElement {
        switch self {
        case .hostdevInterface(_, let address, _):
            // No <model> or <driver>: a passed-through VF is the guest's NIC itself.
            return Self.interface(
                "hostdev", managed: true,
                children: [macElement, LibvirtXML.element("source", children: [address.libvirtElement(withType: true)])]
                    + vlanElements)
        case .macvtap(_, let sourceDevice, _):
            return Self.interface(
                "direct", managed: false,
                children: [
                    macElement,
                    LibvirtXML.element("source", [("dev", sourceDevice), ("mode", "passthrough")]),
                    LibvirtXML.element("model", [("type", "virtio")]),
                    LibvirtXML.element("driver", [("name", "vhost")]),
                ] + vlanElements)
        case .hostdevPCI(let address):
            // A whole PF: no MAC and no VLAN; those reach the guest only through metadata.
            return LibvirtXML.element(
                "hostdev", [("mode", "subsystem"), ("type", "pci"), ("managed", "yes")],
                children: [LibvirtXML.element("source", children: [address.libvirtElement(withType: false)])])
        case .vdpa(_, let devicePath):
            return Self.interface(
                "vdpa", managed: false,
                children: [
                    macElement,
                    LibvirtXML.element("source", [("dev", devicePath)]),
                    LibvirtXML.element("model", [("type", "virtio")]),
                ])
        case .bridge(_, let bridge, let tap, let openVSwitchInterfaceID):
            // As Nova's libvirt driver writes a VIFBridge / VIFOpenVSwitch: libvirt creates
            // the tap, adds it to the bridge, and removes it with the device.
            let virtualPort = openVSwitchInterfaceID.map { id in
                LibvirtXML.element("virtualport", [("type", "openvswitch")],
                                   children: [LibvirtXML.element("parameters", [("interfaceid", id)])])
            }
            return Self.interface(
                "bridge", managed: false,
                children: [macElement, LibvirtXML.element("source", [("bridge", bridge)])] + (virtualPort.map { [$0] } ?? [])
                    + [LibvirtXML.element("target", [("dev", tap)]), LibvirtXML.element("model", [("type", "virtio")])])
        }
    }

    private static func interface(_ type: String, managed: Bool, children: [XMLElement]) -> XMLElement {
        LibvirtXML.element("interface", [("type", type)] + (managed ? [("managed", "yes")] : []), children: children)
    }

    private var macElement: XMLElement {
        LibvirtXML.element("mac", [("address", mac ?? "")])
    }

    private var vlanElements: [XMLElement] {
        guard let vlan else { return [] }
        return [LibvirtXML.element("vlan", children: [LibvirtXML.element("tag", [("id", String(vlan))])])]
    }
}
