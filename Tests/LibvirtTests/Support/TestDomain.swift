import Foundation
import Libvirt
import TestSupport
import Logging
import Testing
import Virt

/// A domain on the real libvirtd for one test, undefined at the end whatever happened.
struct TestDomain {
    let hypervisor: LibvirtHypervisor
    let uuid: UUID
    let name: String
    let console: GuestConsole

    /// Defines (and, with `start`, boots) a 1-vCPU, 256 MiB guest; `booting` gives it the
    /// busybox image, otherwise it has nothing to boot and its firmware loops.
    static func make(_ stage: LibvirtStage, booting: Bool, start: Bool = true) async throws -> TestDomain {
        var logger = Logger(label: "libvirt-itest")
        logger.logLevel = .critical
        let hypervisor = try LibvirtHypervisor(options: stage.options, logger: logger)
        let uuid = UUID()
        let name = "itest-" + uuid.uuidString.lowercased().prefix(8)
        let definition = DomainDefinition(uuid: uuid, name: name, vcpus: 1, memoryMB: 256,
                                          imageID: booting ? LibvirtStage.image : nil)
        try await hypervisor.define(definition)
        if start { try await hypervisor.start(uuid) }
        return TestDomain(hypervisor: hypervisor, uuid: uuid, name: name, console: stage.console(of: uuid.uuidString))
    }

    func remove() async {
        try? await hypervisor.undefine(uuid)
        try? FileManager.default.removeItem(atPath: console.path)
    }

    func xmlHolds(_ device: GuestDevice, live: Bool) async throws -> Bool {
        try await hypervisor.contains(device, in: uuid, live: live)
    }

    /// The alias libvirt gave the live device.
    func liveAlias(of device: GuestDevice, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let found = try DeviceLocator.find(device, inDomainXML: await hypervisor.domainXML(of: uuid, live: true))
        return try #require(found?.alias, "\(device) has no alias in the live XML", sourceLocation: sourceLocation)
    }
}

/// Runs `body` with a test domain, then removes it.
func withTestDomain(
    booting: Bool, start: Bool = true, _ body: (LibvirtStage, TestDomain) async throws -> Void
) async throws {
    let stage = try #require(LibvirtStage.current)
    let domain = try await TestDomain.make(stage, booting: booting, start: start)
    do {
        try await body(stage, domain)
    } catch {
        await domain.remove()
        throw error
    }
    await domain.remove()
}

extension LibvirtStage {
    /// The driver's options for the stage: TCG, a few free root ports, the busybox image,
    /// consoles to files.
    var options: LibvirtOptions {
        LibvirtOptions(uri: uri, virtType: .qemu, pciePorts: Self.pciePorts, images: [Self.image: bootSource], consoleDirectory: consoles)
    }
}
