import Logging
import ComputeModel
import App
import Foundation
import Testing
import Virt

/// The keys of the libvirt driver: `[hypervisor]` uri, virt_type, num_pcie_ports,
/// console_dir, and `[images]`; every bad value stops start-up naming its key.
struct LibvirtConfigurationTests {
    @Test func everyLibvirtKeyIsRead() throws {
        let configuration = try ServiceConfiguration(toml: """
            [hypervisor]
            driver = "libvirt"
            uri = "qemu:///system?socket=/srv/lv/run/libvirt-sock"
            virt_type = "kvm"
            num_pcie_ports = 8
            console_dir = "/srv/consoles"
            [images]
            b0c5e0a4-7e57-4b0e-9a55-000000000001 = { name = "busybox guest", kernel = "/srv/guest/vmlinuz", initrd = "/srv/guest/initramfs.gz", cmdline = "console=ttyS0" }
            b0c5e0a4-7e57-4b0e-9a55-000000000002 = { disk = "/srv/images/cirros.img", format = "raw" }
            b0c5e0a4-7e57-4b0e-9a55-000000000003 = { disk = "/srv/images/plain.qcow2" }
            """)
        #expect(configuration.hypervisorDriver == .libvirt)
        #expect(configuration.hypervisorURI == "qemu:///system?socket=/srv/lv/run/libvirt-sock")
        #expect(configuration.virtType == .kvm)
        #expect(configuration.pciePorts == 8)
        #expect(configuration.consoleDirectory == "/srv/consoles")
        #expect(configuration.images == [
            .init(id: "b0c5e0a4-7e57-4b0e-9a55-000000000001", name: "busybox guest",
                  boot: .kernel(path: "/srv/guest/vmlinuz", initrd: "/srv/guest/initramfs.gz", commandLine: "console=ttyS0")),
            .init(id: "b0c5e0a4-7e57-4b0e-9a55-000000000002", name: "b0c5e0a4-7e57-4b0e-9a55-000000000002", boot: .disk(path: "/srv/images/cirros.img", format: "raw")),
            .init(id: "b0c5e0a4-7e57-4b0e-9a55-000000000003", name: "b0c5e0a4-7e57-4b0e-9a55-000000000003", boot: .disk(path: "/srv/images/plain.qcow2", format: "qcow2")),
        ])
    }

    @Test func defaultsAreTCGWithSixteenPortsAndPtyConsoles() throws {
        let configuration = try ServiceConfiguration(toml: "[hypervisor]\ndriver = \"libvirt\"\nuri = \"qemu:///system\"")
        #expect(configuration.virtType == .qemu)
        #expect(configuration.pciePorts == 16)
        #expect(configuration.consoleDirectory == nil)
        #expect(configuration.images == [])
    }

    @Test(arguments: [
        ("[hypervisor]\ndriver = \"libvirt\"", "hypervisor.uri"),
        ("[hypervisor]\nuri = \"system\"", "hypervisor.uri"),
        ("[hypervisor]\nuri = 5", "hypervisor.uri"),
        ("[hypervisor]\nvirt_type = \"xen\"", "hypervisor.virt_type"),
        ("[hypervisor]\nnum_pcie_ports = 0", "hypervisor.num_pcie_ports"),
        ("[hypervisor]\nnum_pcie_ports = 255", "hypervisor.num_pcie_ports"),
        ("[hypervisor]\nnum_pcie_ports = \"8\"", "hypervisor.num_pcie_ports"),
        ("[hypervisor]\nconsole_dir = \"consoles\"", "hypervisor.console_dir"),
        ("[images]\nbusybox = { kernel = \"/k\" }", "images.busybox"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = \"/srv/vmlinuz\"", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = {}", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = { kernel = \"/k\", disk = \"/d\" }", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = { kernel = \"vmlinuz\" }", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001.kernel"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = { kernel = \"/k\", initrd = \"initrd.gz\" }", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001.initrd"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = { kernel = \"/k\", format = \"raw\" }", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001.format"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = { disk = \"/d\", cmdline = \"quiet\" }", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001.cmdline"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = { disk = \"/d\", format = \"vmdk\" }", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001.format"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = { disk = \"/d\", size = 1 }", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001.size"),
        ("[images]\nb0c5e0a4-7e57-4b0e-9a55-000000000001 = { kernel = 1 }", "images.b0c5e0a4-7e57-4b0e-9a55-000000000001.kernel"),
    ])
    func badValuesNameTheirKey(_ toml: String, _ key: String) throws {
        let error = try #require(refusal(toml))
        #expect(error.key == key)
        #expect(error.description.hasPrefix("invalid configuration: \(key): "))
    }

    /// Issue 11: a libvirtd that does not answer at start-up no longer stops the service:
    /// it starts, serves what needs no hypervisor, refuses what does with a message naming
    /// the URI (never "not found"), and connects once libvirtd answers. A missing URI is
    /// still a configuration error.
    @Test func anUnreachableLibvirtDelaysTheHypervisorNotTheService() async throws {
        var configuration = ServiceConfiguration.embedded(dataDirectory: "/dev/shm/sriov-libvirt-config-" + UUID().uuidString.prefix(8), port: 0)
        defer { try? FileManager.default.removeItem(atPath: configuration.sysfsRoot + "/..") }
        configuration.hypervisorDriver = .libvirt
        configuration.hypervisorURI = "qemu:///system?socket=/nonexistent/libvirt-sock"
        var logger = Logger(label: "libvirt-config")
        logger.logLevel = .critical
        let service = try await SRIOVService.start(configuration, logger: logger)
        let admin = RequestContext(userID: "admin", projectID: "admin", isAdmin: true, requestID: "req-1")
        #expect(try await service.manager.servers(matching: ServerFilter(), context: admin).isEmpty)
        await #expect {
            _ = try await service.hypervisor.domains()
        } throws: { error in
            "\(error)".contains("no connection to libvirt at qemu:///system?socket=/nonexistent/libvirt-sock")
        }
        let server = try await service.manager.createServer(
            CreateServerRequest(name: "vm", flavorID: "1", imageID: nil, networks: .none), context: admin)
        #expect(server.vmState == .error, "the boot fails in the hypervisor and ends in ERROR")
        try await service.shutdown()

        configuration.hypervisorURI = nil
        await #expect {
            _ = try await SRIOVService.start(configuration)
        } throws: { error in
            (error as? ConfigurationError)?.key == "hypervisor.uri"
        }
    }
}
