import Foundation
import Virt

/// The real libvirtd and guest files `stages/libvirt/run.sh` provides through the
/// environment; the integration tests run only when it is set.
public struct LibvirtStage: Sendable {
    public let uri: String
    public let kernel: String
    public let initrd: String
    /// Where the guests' serial consoles are written.
    public let consoles: String
    /// The veths standing in for VF netdevs (named like the fake host's: ens0f0v0…), in
    /// libvirtd's network namespace.
    public let vfNetdevs: [String]
    /// `stages/libvirt/libvirtd.sh`, which stops and starts the stage's libvirtd.
    public let control: LibvirtdControl?
    /// The Linux bridge in libvirtd's network namespace that normal ports' taps go on.
    public let bridge: String?

    public static let current: LibvirtStage? = {
        let environment = ProcessInfo.processInfo.environment
        guard let uri = environment["SRIOV_LIBVIRT_URI"], let kernel = environment["SRIOV_LIBVIRT_KERNEL"],
              let initrd = environment["SRIOV_LIBVIRT_INITRD"], let consoles = environment["SRIOV_LIBVIRT_CONSOLES"],
              let netdevs = environment["SRIOV_LIBVIRT_VF_NETDEVS"]
        else { return nil }
        return LibvirtStage(uri: uri, kernel: kernel, initrd: initrd, consoles: consoles,
                            vfNetdevs: netdevs.split(separator: ",").map(String.init),
                            control: environment["SRIOV_LIBVIRT_CONTROL"].map(LibvirtdControl.init(script:)),
                            bridge: environment["SRIOV_LIBVIRT_BRIDGE"])
    }()

    public static var isSet: Bool { current != nil }

    /// The busybox guest's image id (a UUID, as the Compute API's imageRef is).
    public static let image = "b0c5e0a4-7e57-4b0e-9a55-000000000001"

    /// Free root ports in the test domains: more than the hot-plug tests ever use at once.
    public static let pciePorts = 4

    public var bootSource: DomainTemplate.BootSource {
        .kernel(path: kernel, initrd: initrd, commandLine: "console=ttyS0 panic=-1 quiet")
    }

    public func console(of uuid: String) -> GuestConsole {
        GuestConsole(path: consoles + "/" + uuid.lowercased() + ".log")
    }
}
