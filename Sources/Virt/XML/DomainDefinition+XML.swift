import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension DomainDefinition {
    /// Empty pcie-root-ports in a new domain. On q35 every hot-plugged PCI device needs a
    /// free root port and libvirt cannot add one to a running guest, so the domain is born
    /// with room for this many hot-plugged NICs.
    public static let hotplugPorts = 16

    /// The domain XML for `define` (libvirt-here.md §3): TCG (`type='qemu'`, since the CI
    /// machines' KVM cannot boot stock kernels), q35, memory and vCPUs, memory bound to
    /// `numaCells` when pinned, free root ports, a serial console, no USB controller (it
    /// would take a root port) and no balloon.
    public var xml: String {
        let root = makeElement()
        let document = XMLDocument(rootElement: root)
        return withExtendedLifetime(document) { LibvirtXML.string(of: root) }
    }

    func makeElement() -> XMLElement {
        var children = [
            LibvirtXML.element("name", text: name),
            LibvirtXML.element("uuid", text: uuid.uuidString.lowercased()),
            LibvirtXML.element("memory", [("unit", "MiB")], text: String(memoryMB)),
            LibvirtXML.element("vcpu", [("placement", "static")], text: String(vcpus)),
        ]
        if let numaCells, !numaCells.isEmpty {
            let nodeset = Set(numaCells).sorted().map(String.init).joined(separator: ",")
            children.append(LibvirtXML.element(
                "numatune", children: [LibvirtXML.element("memory", [("mode", "strict"), ("nodeset", nodeset)])]))
        }
        children += [
            LibvirtXML.element("os", children: [LibvirtXML.element("type", [("arch", "x86_64"), ("machine", "q35")], text: "hvm")]),
            LibvirtXML.element("features", children: [LibvirtXML.element("acpi"), LibvirtXML.element("apic")]),
            LibvirtXML.element("clock", [("offset", "utc")]),
            LibvirtXML.element("on_poweroff", text: "destroy"),
            LibvirtXML.element("on_reboot", text: "restart"),
            LibvirtXML.element("on_crash", text: "destroy"),
            LibvirtXML.element("devices", children: Self.baseDevices()),
        ]
        return LibvirtXML.element("domain", [("type", "qemu")], children: children)
    }

    private static func baseDevices() -> [XMLElement] {
        var devices = [
            LibvirtXML.element("emulator", text: "/usr/bin/qemu-system-x86_64"),
            LibvirtXML.element("controller", [("type", "pci"), ("index", "0"), ("model", "pcie-root")]),
        ]
        for index in 1...hotplugPorts {
            devices.append(LibvirtXML.element("controller", [("type", "pci"), ("index", String(index)), ("model", "pcie-root-port")]))
        }
        devices += [
            LibvirtXML.element("controller", [("type", "usb"), ("model", "none")]),
            LibvirtXML.element("serial", [("type", "pty")], children: [LibvirtXML.element("target", [("port", "0")])]),
            LibvirtXML.element(
                "console", [("type", "pty")], children: [LibvirtXML.element("target", [("type", "serial"), ("port", "0")])]),
            LibvirtXML.element("memballoon", [("model", "none")]),
        ]
        return devices
    }
}
