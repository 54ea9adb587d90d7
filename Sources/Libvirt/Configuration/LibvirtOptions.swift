import Foundation
import Virt

/// How the libvirt driver reaches libvirt and lays out its domains.
public struct LibvirtOptions: Sendable, Hashable {
    /// e.g. `qemu:///system`, or `qemu+unix:///system?socket=/path/libvirt-sock`.
    public var uri: String
    public var virtType: DomainTemplate.VirtType
    /// Free PCIe root ports in every new domain (Nova's `num_pcie_ports`).
    public var pciePorts: Int
    /// What each image boots; an image without an entry boots nothing.
    public var images: [String: DomainTemplate.BootSource]
    /// Where each domain's serial console is written (`<uuid>.log`); nil: a pty.
    public var consoleDirectory: String?
    /// How a lost connection is noticed and opened again.
    public var reconnect: ReconnectPolicy

    public init(
        uri: String, virtType: DomainTemplate.VirtType = .qemu, pciePorts: Int = DomainDefinition.hotplugPorts,
        images: [String: DomainTemplate.BootSource] = [:], consoleDirectory: String? = nil, reconnect: ReconnectPolicy = ReconnectPolicy()
    ) {
        self.uri = uri
        self.virtType = virtType
        self.pciePorts = pciePorts
        self.images = images
        self.consoleDirectory = consoleDirectory
        self.reconnect = reconnect
    }

    /// The serial console file of a domain, when consoles go to files.
    public func consoleLogPath(of uuid: UUID) -> String? {
        consoleDirectory.map { $0 + "/" + uuid.uuidString.lowercased() + ".log" }
    }

    func template(for definition: DomainDefinition) -> DomainTemplate {
        DomainTemplate(
            virtType: virtType, pciePorts: pciePorts, boot: definition.imageID.flatMap { images[$0] },
            serialLogPath: consoleLogPath(of: definition.uuid))
    }
}
