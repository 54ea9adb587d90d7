import App
import JSONModel
import Foundation
import Libvirt
import TestSupport
import Testing
import Virt

extension LibvirtStage {
    /// A service on the libvirt driver: one PF with 4 VFs on physnet2 whose VF netdevs are
    /// the stage's veths, normal ports on the stage's bridge, the busybox guest as an
    /// image, consoles to files.
    static func harness(detachTimeout: Duration, detachAttempts: Int) async throws -> ServiceHarness {
        let stage = try #require(current)
        return try await ServiceHarness.make(
            fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 4), detachTimeout: detachTimeout, detachAttempts: detachAttempts
        ) { configuration in
            configuration.hypervisorDriver = .libvirt
            configuration.hypervisorURI = stage.uri
            configuration.pciePorts = pciePorts
            configuration.consoleDirectory = stage.consoles
            configuration.images = [.init(id: image, name: "busybox guest", boot: stage.bootSource)]
            if let bridge = stage.bridge { configuration.normalPortBridge = bridge }
        }
    }
}

extension APIClient {
    var libvirt: LibvirtHypervisor {
        get throws { try #require(service.hypervisor as? LibvirtHypervisor, "the service runs the libvirt driver") }
    }

    /// Boots from the busybox image; the server is ACTIVE once the call returns.
    func bootGuest(ports: [String] = [], image: String = LibvirtStage.image) async throws -> String {
        let networks: JSON = ports.isEmpty ? "none" : .array(ports.map { ["port": .string($0)] })
        let reply = try await call(.post, "/v2.1/servers", ["server": ["name": "libvirt-vm", "flavorRef": "1",
                                                                       "imageRef": .string(image), "networks": networks]])
        try #require(reply.status == 202, "boot: \(reply.status) \(reply.json?.rendered ?? "")")
        return try #require(reply.json?["server"]?["id"]?.stringValue)
    }

    /// The guest's serial console file.
    func console(of server: String) throws -> GuestConsole {
        try #require(LibvirtStage.current).console(of: server)
    }

    func serverAction(_ server: String, _ action: String) async throws {
        let reply = try await call(.post, "/v2.1/servers/\(server)/action", [action: .null])
        try #require(reply.status == 202, "\(action): \(reply.status) \(reply.json?.rendered ?? "")")
    }

    func deleteServer(_ server: String) async throws {
        #expect(try await call(.delete, "/v2.1/servers/\(server)").status == 204)
        await service.manager.backgroundTasks.waitUntilIdle()
    }
}
