import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing
@testable import Virt

struct DomainDefinitionXMLTests {
    let uuid = UUID(uuidString: "7E1F0000-0000-4000-8000-000000000001")!

    @Test func describesAQ35TCGGuestOfTheGivenSize() throws {
        let root = try Fixture.root(of: DomainDefinition(uuid: uuid, name: "instance-7e1f0000", vcpus: 4, memoryMB: 2048).xml)
        #expect(root.name == "domain")
        #expect(root.value("type") == "qemu")
        #expect(root.child("name")?.stringValue == "instance-7e1f0000")
        #expect(root.child("uuid")?.stringValue == "7e1f0000-0000-4000-8000-000000000001")
        #expect(root.child("memory")?.value("unit") == "MiB")
        #expect(root.child("memory")?.stringValue == "2048")
        #expect(root.child("vcpu")?.stringValue == "4")
        let type = try #require(root.child("os", "type"))
        #expect(type.value("machine") == "q35")
        #expect(type.value("arch") == "x86_64")
        #expect(type.stringValue == "hvm")
        #expect(root.child("features", "acpi") != nil)
        #expect(root.child("numatune") == nil)
    }

    /// A rebuild's domain: the new image's boot source, the devices the old persistent
    /// XML held (as the guest saw them), nothing else of the old domain.
    @Test func aRebuildKeepsTheDevicesOfThePersistentXMLWithTheNewBootSource() async throws {
        let hypervisor = try SimulatedHypervisor()
        let definition = DomainDefinition(uuid: uuid, name: "instance-7e1f0000", vcpus: 1, memoryMB: 256)
        try await hypervisor.define(definition)
        for device in Fixture.allDevices { try await hypervisor.attach(device, to: uuid) }
        let persistent = try await hypervisor.domainXML(of: uuid, live: false)
        let template = DomainTemplate(boot: .kernel(path: "/images/vmlinuz", initrd: "/images/initrd.gz", commandLine: "console=ttyS0"))
        let xml = try definition.xml(template: template, keepingDevicesOf: persistent)
        #expect(try DeviceLocator.devices(inDomainXML: xml).map(\.device) == Fixture.allDevices)
        let root = try Fixture.root(of: xml)
        #expect(root.child("os", "kernel")?.stringValue == "/images/vmlinuz")
        #expect(root.child("name")?.stringValue == "instance-7e1f0000")
    }

    @Test func hasFreeRootPortsAConsoleAndNoUSBOrBalloon() throws {
        let devices = try #require(try Fixture.root(of: Fixture.definition().xml).child("devices"))
        let controllers = devices.elements(forName: "controller")
        let rootPorts = controllers.filter { $0.value("model") == "pcie-root-port" }
        #expect(rootPorts.compactMap { $0.value("index") } == (1...DomainDefinition.hotplugPorts).map(String.init))
        #expect(controllers.contains { $0.value("model") == "pcie-root" && $0.value("index") == "0" })
        #expect(controllers.contains { $0.value("type") == "usb" && $0.value("model") == "none" })
        #expect(devices.child("serial")?.value("type") == "pty")
        #expect(devices.child("console", "target")?.value("type") == "serial")
        #expect(devices.child("memballoon")?.value("model") == "none")
        #expect(devices.elements(forName: "interface").isEmpty)
        #expect(devices.elements(forName: "hostdev").isEmpty)
    }

    @Test func pinnedCellsBindMemoryStrictlyToSortedUniqueNodes() throws {
        let root = try Fixture.root(of: Fixture.definition(numaCells: [1, 0, 1]).xml)
        let memory = try #require(root.child("numatune", "memory"))
        #expect(memory.value("mode") == "strict")
        #expect(memory.value("nodeset") == "0,1")
    }

    @Test func emptyCellListMeansUnpinned() throws {
        #expect(try Fixture.root(of: Fixture.definition(numaCells: []).xml).child("numatune") == nil)
    }

    @Test func nameIsEscapedNotSpliced() throws {
        let name = "web <&> 'prod'"
        #expect(try Fixture.root(of: Fixture.definition(name).xml).child("name")?.stringValue == name)
    }

    @Test
    func validatesAgainstLibvirtsSchema() throws {
        #expect(try LibvirtSchema.problems(inDomainXML: Fixture.definition(numaCells: [0, 1]).xml) == nil)
        #expect(try LibvirtSchema.problems(inDomainXML: Fixture.definition().xml) == nil)
    }

    @Test
    func theSchemaCheckCatchesInvalidXML() throws {
        let broken = Fixture.definition().xml.replacingOccurrences(of: "model=\"pcie-root-port\"", with: "model=\"no-such-model\"")
        #expect(try LibvirtSchema.problems(inDomainXML: broken) != nil)
    }
}
