/// How a hypervisor lays out the domains it defines, beyond the guest's size: the
/// accelerator, the free PCIe root ports left for hot-plug, what the guest boots, and
/// where its serial console goes. The simulated hypervisor uses `.simulated`; the libvirt
/// driver builds one per domain from its configuration and the server's image.
public struct DomainTemplate: Sendable, Hashable {
    /// libvirt's `<domain type=…>`.
    public enum VirtType: String, Sendable, Hashable, CaseIterable {
        /// TCG, pure emulation: the only choice where `/dev/kvm` cannot run stock kernels.
        case qemu
        case kvm
    }

    /// What the guest boots.
    public enum BootSource: Sendable, Hashable {
        /// Direct kernel boot: `<kernel>`, `<initrd>`, `<cmdline>` under `<os>`.
        case kernel(path: String, initrd: String?, commandLine: String?)
        /// A disk image attached as the first virtio disk, booted by the firmware.
        case disk(path: String, format: String)
    }

    public var virtType: VirtType
    /// Empty `pcie-root-port`s (Nova's `[libvirt] num_pcie_ports`): on q35 every hot-plugged
    /// PCI device needs a free one, and none can be added to a running guest.
    public var pciePorts: Int
    /// nil: nothing to boot (the firmware finds no bootable device and keeps trying).
    public var boot: BootSource?
    /// A file that receives the serial console; nil: a pty, as `virsh console` uses.
    public var serialLogPath: String?

    public init(virtType: VirtType = .qemu, pciePorts: Int = DomainDefinition.hotplugPorts, boot: BootSource? = nil, serialLogPath: String? = nil) {
        self.virtType = virtType
        self.pciePorts = pciePorts
        self.boot = boot
        self.serialLogPath = serialLogPath
    }

    /// TCG, 16 free ports, nothing to boot, a pty console.
    public static let simulated = DomainTemplate()

    /// The range `num_pcie_ports` accepts: libvirt numbers PCI controllers up to 255 and
    /// the root complex takes index 0.
    public static let pciePortRange = 1...254
}
