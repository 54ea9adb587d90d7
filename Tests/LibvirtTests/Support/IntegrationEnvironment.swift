import Foundation
import Libvirt
import Virt

/// The real libvirtd and guest files `tests/libvirt/run.sh` provides through the
/// environment; the integration tests run only when it is set.
struct IntegrationEnvironment: Sendable {
    let uri: String
    let kernel: String
    let initrd: String
    let consoles: String
    /// The veths standing in for VF netdevs, in libvirtd's network namespace.
    let vfNetdevs: [String]

    static let current: IntegrationEnvironment? = {
        let environment = ProcessInfo.processInfo.environment
        guard let uri = environment["SRIOV_LIBVIRT_URI"], let kernel = environment["SRIOV_LIBVIRT_KERNEL"],
              let initrd = environment["SRIOV_LIBVIRT_INITRD"], let consoles = environment["SRIOV_LIBVIRT_CONSOLES"],
              let netdevs = environment["SRIOV_LIBVIRT_VF_NETDEVS"]
        else { return nil }
        return IntegrationEnvironment(uri: uri, kernel: kernel, initrd: initrd, consoles: consoles,
                                      vfNetdevs: netdevs.split(separator: ",").map(String.init))
    }()

    static var isSet: Bool { current != nil }

    /// The busybox guest's image id (a UUID, as the Compute API's imageRef is).
    static let image = "b0c5e0a4-7e57-4b0e-9a55-000000000001"

    var options: LibvirtOptions {
        LibvirtOptions(
            uri: uri, virtType: .qemu, pciePorts: 4,
            images: [Self.image: .kernel(path: kernel, initrd: initrd, commandLine: "console=ttyS0 panic=-1 quiet")],
            consoleDirectory: consoles)
    }
}
