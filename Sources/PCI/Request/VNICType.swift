/// Neutron's `binding:vnic_type` values.
public enum VNICType: String, Sendable, Hashable, Codable, CaseIterable {
    case normal
    case direct
    case macvtap
    case directPhysical = "direct-physical"
    case baremetal
    case virtioForwarder = "virtio-forwarder"
    case vdpa
    case acceleratorDirect = "accelerator-direct"
    case acceleratorDirectPhysical = "accelerator-direct-physical"
    case remoteManaged = "remote-managed"
    case smartNIC = "smart-nic"

    /// Nova's VNIC_TYPES_SRIOV: the types that need a host PCI device.
    public var needsPCIDevice: Bool {
        switch self {
        case .direct, .macvtap, .directPhysical, .virtioForwarder, .vdpa, .remoteManaged: true
        default: false
        }
    }

    /// Accelerator ports get their device from Cyborg; attaching them is refused.
    public var isAccelerator: Bool {
        self == .acceleratorDirect || self == .acceleratorDirectPhysical
    }

    /// Nova's VNIC_TYPES_DIRECT_PASSTHROUGH: the guest holds the device itself (VFIO or
    /// vhost-vdpa), which QEMU cannot save with the guest, so a suspend takes these out of
    /// the guest first and the resume plugs them back. A macvtap is an ordinary tap and stays.
    public var isDirectPassthrough: Bool {
        switch self {
        case .direct, .directPhysical, .acceleratorDirect, .acceleratorDirectPhysical, .remoteManaged, .vdpa: true
        default: false
        }
    }

    /// DEVICE_TYPE_FOR_VNIC_TYPE: only these pin a device type in the request; the others
    /// end up on VFs because PFs and vDPA devices are filtered out unless asked for.
    public var requestedDeviceType: PCIDeviceType? {
        switch self {
        case .directPhysical: .physicalFunction
        case .vdpa: .vdpa
        default: nil
        }
    }
}
