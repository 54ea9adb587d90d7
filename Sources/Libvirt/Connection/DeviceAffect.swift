import CLibvirt

/// Which configurations a device change touches (`virDomainDeviceModifyFlags`).
struct DeviceAffect: OptionSet, Sendable {
    let rawValue: UInt32

    static let live = DeviceAffect(rawValue: UInt32(VIR_DOMAIN_AFFECT_LIVE.rawValue))
    static let config = DeviceAffect(rawValue: UInt32(VIR_DOMAIN_AFFECT_CONFIG.rawValue))
}
