import App
import JSONModel
import Foundation
import Libvirt
import Testing
import Virt

/// The real libvirtd of `tests/libvirt/run.sh`, from the environment: the service tests
/// that drive it run only when it is set.
struct LibvirtServiceEnvironment: Sendable {
    let uri: String
    let kernel: String
    let initrd: String
    let consoles: String
    /// The veths named like the fake host's VF netdevs (ens0f0v0…), in libvirtd's namespace.
    let vfNetdevs: [String]

    static let current: LibvirtServiceEnvironment? = {
        let environment = ProcessInfo.processInfo.environment
        guard let uri = environment["SRIOV_LIBVIRT_URI"], let kernel = environment["SRIOV_LIBVIRT_KERNEL"],
              let initrd = environment["SRIOV_LIBVIRT_INITRD"], let consoles = environment["SRIOV_LIBVIRT_CONSOLES"],
              let netdevs = environment["SRIOV_LIBVIRT_VF_NETDEVS"]
        else { return nil }
        return LibvirtServiceEnvironment(uri: uri, kernel: kernel, initrd: initrd, consoles: consoles,
                                         vfNetdevs: netdevs.split(separator: ",").map(String.init))
    }()

    static var isSet: Bool { current != nil }

    /// The busybox guest's image id (a UUID, as the Compute API's imageRef is).
    static let image = "b0c5e0a4-7e57-4b0e-9a55-000000000001"

    /// A service on the libvirt driver: one PF with 4 VFs on physnet2 whose VF netdevs are
    /// the stage's veths, the busybox guest as an image, consoles to files.
    static func harness(detachTimeout: Duration, detachAttempts: Int) async throws -> ServiceHarness {
        let environment = try #require(current)
        return try await ServiceHarness.make(
            fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 4), detachTimeout: detachTimeout, detachAttempts: detachAttempts
        ) { configuration in
            configuration.hypervisorDriver = .libvirt
            configuration.hypervisorURI = environment.uri
            configuration.pciePorts = 4
            configuration.consoleDirectory = environment.consoles
            configuration.images = [.init(id: image, name: "busybox guest", boot: .kernel(
                path: environment.kernel, initrd: environment.initrd, commandLine: "console=ttyS0 panic=-1 quiet"))]
        }
    }
}

extension APIClient {
    var libvirt: LibvirtHypervisor {
        get throws { try #require(service.hypervisor as? LibvirtHypervisor, "the service runs the libvirt driver") }
    }

    /// Boots from the busybox image; the server is ACTIVE once the call returns.
    func bootGuest(ports: [String] = [], image: String = LibvirtServiceEnvironment.image) async throws -> String {
        let networks: JSON = ports.isEmpty ? "none" : .array(ports.map { ["port": .string($0)] })
        let reply = try await call(.post, "/v2.1/servers", ["server": ["name": "libvirt-vm", "flavorRef": "1",
                                                                       "imageRef": .string(image), "networks": networks]])
        try #require(reply.status == 202, "boot: \(reply.status) \(reply.json?.rendered ?? "")")
        return try #require(reply.json?["server"]?["id"]?.stringValue)
    }

    /// The guest's serial console file.
    func console(of server: String) throws -> GuestConsole {
        let environment = try #require(LibvirtServiceEnvironment.current)
        return GuestConsole(path: environment.consoles + "/" + server + ".log")
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
