import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing
import Virt
@testable import Libvirt

/// The domain XML the libvirt driver defines, checked element by element and against
/// libvirt's own schema (`virt-xml-validate`).
struct DomainTemplateXMLTests {
    let definition = DomainDefinition(uuid: UUID(uuidString: "7E1F0000-0000-4000-8000-000000000001")!, name: "instance-7e1f0000",
                                      vcpus: 2, memoryMB: 384, numaCells: [0], imageID: "busybox")
    let kernelBoot = DomainTemplate.BootSource.kernel(path: "/srv/guest/vmlinuz", initrd: "/srv/guest/initramfs.gz", commandLine: "console=ttyS0")

    func root(_ xml: String) throws -> XMLElement {
        try #require(try XMLDocument(xmlString: xml, options: []).rootElement())
    }

    @Test func optionsPickTheImagesBootSourceAndAConsoleFilePerDomain() {
        let options = LibvirtOptions(uri: "qemu:///system", virtType: .kvm, pciePorts: 3, images: ["busybox": kernelBoot], consoleDirectory: "/srv/consoles")
        let template = options.template(for: definition)
        #expect(template == DomainTemplate(virtType: .kvm, pciePorts: 3, boot: kernelBoot,
                                           serialLogPath: "/srv/consoles/7e1f0000-0000-4000-8000-000000000001.log"))
        var other = definition
        other.imageID = nil
        #expect(options.template(for: other).boot == nil)
        #expect(LibvirtOptions(uri: "qemu:///system").template(for: definition).serialLogPath == nil)
    }

    @Test func kernelBootWritesKernelInitrdAndCommandLine() throws {
        let root = try root(definition.xml(template: DomainTemplate(boot: kernelBoot, serialLogPath: "/srv/consoles/a.log")))
        let os = try #require(root.elements(forName: "os").first)
        #expect(os.elements(forName: "kernel").first?.stringValue == "/srv/guest/vmlinuz")
        #expect(os.elements(forName: "initrd").first?.stringValue == "/srv/guest/initramfs.gz")
        #expect(os.elements(forName: "cmdline").first?.stringValue == "console=ttyS0")
        let devices = try #require(root.elements(forName: "devices").first)
        let serial = try #require(devices.elements(forName: "serial").first)
        #expect(serial.attribute(forName: "type")?.stringValue == "file")
        #expect(serial.elements(forName: "source").first?.attribute(forName: "path")?.stringValue == "/srv/consoles/a.log")
        #expect(devices.elements(forName: "console").isEmpty)
        #expect(devices.elements(forName: "disk").isEmpty)
    }

    @Test func diskBootAddsAVirtioDiskAndAPortForIt() throws {
        let root = try root(definition.xml(template: DomainTemplate(pciePorts: 2, boot: .disk(path: "/srv/images/cirros.qcow2", format: "qcow2"))))
        let devices = try #require(root.elements(forName: "devices").first)
        let disk = try #require(devices.elements(forName: "disk").first)
        #expect(disk.elements(forName: "source").first?.attribute(forName: "file")?.stringValue == "/srv/images/cirros.qcow2")
        #expect(disk.elements(forName: "driver").first?.attribute(forName: "type")?.stringValue == "qcow2")
        #expect(disk.elements(forName: "target").first?.attribute(forName: "bus")?.stringValue == "virtio")
        let ports = devices.elements(forName: "controller").filter { $0.attribute(forName: "model")?.stringValue == "pcie-root-port" }
        #expect(ports.count == 3)
        #expect(root.elements(forName: "os").first?.elements(forName: "kernel").isEmpty == true)
    }

    @Test(arguments: [1, 8, 16])
    func rootPortsFollowNumPCIePorts(_ count: Int) throws {
        let devices = try #require(try root(definition.xml(template: DomainTemplate(pciePorts: count))).elements(forName: "devices").first)
        let ports = devices.elements(forName: "controller").filter { $0.attribute(forName: "model")?.stringValue == "pcie-root-port" }
        #expect(ports.compactMap { $0.attribute(forName: "index")?.stringValue } == (1...count).map(String.init))
    }

    @Test(arguments: DomainTemplate.VirtType.allCases)
    func virtTypeIsTheDomainType(_ type: DomainTemplate.VirtType) throws {
        #expect(try root(definition.xml(template: DomainTemplate(virtType: type))).attribute(forName: "type")?.stringValue == type.rawValue)
    }

    @Test func everyLayoutValidatesAgainstLibvirtsSchema() throws {
        let templates = [
            DomainTemplate.simulated,
            DomainTemplate(virtType: .kvm, pciePorts: 1, boot: kernelBoot, serialLogPath: "/srv/consoles/a.log"),
            DomainTemplate(pciePorts: 8, boot: .kernel(path: "/srv/vmlinuz", initrd: nil, commandLine: nil)),
            DomainTemplate(pciePorts: 2, boot: .disk(path: "/srv/images/disk.raw", format: "raw")),
        ]
        for template in templates {
            #expect(try LibvirtSchema.problems(inDomainXML: definition.xml(template: template)) == nil, "\(template)")
        }
    }

    @Test func theDomainSchemaCheckCatchesABrokenDomain() throws {
        let broken = definition.xml(template: .simulated).replacingOccurrences(of: "<vcpu placement=\"static\">2</vcpu>", with: "<vcpu>two</vcpu>")
        #expect(broken != definition.xml(template: .simulated))
        #expect(try LibvirtSchema.problems(inDomainXML: broken) != nil)
    }
}
