import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension DomainDefinition {
    /// Empty pcie-root-ports in a new domain. On q35 every hot-plugged PCI device needs a
    /// free root port and libvirt cannot add one to a running guest, so the domain is born
    /// with room for this many hot-plugged NICs.
    public static let hotplugPorts = 16

    /// The domain XML of the simulated hypervisor: `xml(template: .simulated)`.
    public var xml: String { xml(template: .simulated) }

    /// The domain XML for `define` (libvirt-here.md §3): q35 under the template's
    /// accelerator (TCG by default, since the CI machines' KVM cannot boot stock kernels),
    /// memory and vCPUs, memory bound to `numaCells` when pinned, the template's boot
    /// source and free root ports, a serial console, no USB controller (it would take a
    /// root port) and no balloon.
    public func xml(template: DomainTemplate) -> String {
        let root = makeElement(template: template)
        let document = XMLDocument(rootElement: root)
        return withExtendedLifetime(document) { LibvirtXML.string(of: root) }
    }

    func makeElement(template: DomainTemplate = .simulated) -> XMLElement {
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
            LibvirtXML.element("os", children: Self.osElements(boot: template.boot)),
            LibvirtXML.element("features", children: [LibvirtXML.element("acpi"), LibvirtXML.element("apic")]),
            LibvirtXML.element("clock", [("offset", "utc")]),
            LibvirtXML.element("on_poweroff", text: "destroy"),
            LibvirtXML.element("on_reboot", text: "restart"),
            LibvirtXML.element("on_crash", text: "destroy"),
            LibvirtXML.element("devices", children: Self.baseDevices(template: template)),
        ]
        return LibvirtXML.element("domain", [("type", template.virtType.rawValue)], children: children)
    }

    private static func osElements(boot: DomainTemplate.BootSource?) -> [XMLElement] {
        var elements = [LibvirtXML.element("type", [("arch", "x86_64"), ("machine", "q35")], text: "hvm")]
        if case .kernel(let path, let initrd, let commandLine) = boot {
            elements.append(LibvirtXML.element("kernel", text: path))
            if let initrd { elements.append(LibvirtXML.element("initrd", text: initrd)) }
            if let commandLine { elements.append(LibvirtXML.element("cmdline", text: commandLine)) }
        }
        return elements
    }

    private static func baseDevices(template: DomainTemplate) -> [XMLElement] {
        var devices = [
            LibvirtXML.element("emulator", text: "/usr/bin/qemu-system-x86_64"),
        ]
        if case .disk(let path, let format) = template.boot {
            devices.append(LibvirtXML.element("disk", [("type", "file"), ("device", "disk")], children: [
                LibvirtXML.element("driver", [("name", "qemu"), ("type", format)]),
                LibvirtXML.element("source", [("file", path)]),
                LibvirtXML.element("target", [("dev", "vda"), ("bus", "virtio")]),
            ]))
        }
        devices.append(LibvirtXML.element("controller", [("type", "pci"), ("index", "0"), ("model", "pcie-root")]))
        // The disk takes a root port of its own; the free ones come on top.
        var diskPorts = 0
        if case .disk = template.boot { diskPorts = 1 }
        for index in stride(from: 1, through: template.pciePorts + diskPorts, by: 1) {
            devices.append(LibvirtXML.element("controller", [("type", "pci"), ("index", String(index)), ("model", "pcie-root-port")]))
        }
        devices += [
            LibvirtXML.element("controller", [("type", "usb"), ("model", "none")]),
        ] + console(logPath: template.serialLogPath) + [
            LibvirtXML.element("memballoon", [("model", "none")]),
        ]
        return devices
    }

    /// A pty serial with its console, or a serial port written to a file (the guest's
    /// output for whoever reads the log; there is then no console to attach to).
    private static func console(logPath: String?) -> [XMLElement] {
        guard let logPath else {
            return [
                LibvirtXML.element("serial", [("type", "pty")], children: [LibvirtXML.element("target", [("port", "0")])]),
                LibvirtXML.element(
                    "console", [("type", "pty")], children: [LibvirtXML.element("target", [("type", "serial"), ("port", "0")])]),
            ]
        }
        return [LibvirtXML.element("serial", [("type", "file")], children: [
            LibvirtXML.element("source", [("path", logPath)]), LibvirtXML.element("target", [("port", "0")]),
        ])]
    }
}
