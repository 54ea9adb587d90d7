import CLibvirt
import Foundation
import Virt

extension LibvirtHypervisor {
    /// `virDomainAttachDeviceFlags` with AFFECT_CONFIG, plus AFFECT_LIVE when the domain
    /// runs or is paused (nova-behavior §6.1). Refused while suspended: the saved image
    /// could not hold the device. libvirt applies the config change only if the live one
    /// succeeded, so a refusal leaves both configurations as they were.
    public func attach(_ device: GuestDevice, to uuid: UUID) async throws(HypervisorError) {
        try device.validate()
        let state = try await state(of: uuid)
        guard state != .suspended else {
            throw .invalidState(
                "Requested operation is not valid: cannot attach \(device) to domain \(uuid.uuidString.lowercased()) while it is suspended; resume it first")
        }
        let affect: DeviceAffect = state.isLive ? [.config, .live] : .config
        let xml = device.xml
        try await withDomain(uuid) { (domain) throws(LibvirtError) in
            try domain.perform("virDomainAttachDeviceFlags") { virDomainAttachDeviceFlags($0, xml, affect.rawValue) }
        }
        logger.debug("attached device", metadata: ["domain": "\(uuid.uuidString.lowercased())", "device": "\(device)", "live": "\(state.isLive)"])
    }

    /// Nova's detach (§6.4) through the shared `DetachDriver`: persistent config first, then
    /// the live one, waiting for DEVICE_REMOVED.
    public func detach(_ device: GuestDevice, from uuid: UUID, policy: DetachPolicy) async throws(HypervisorError) -> DetachOutcome {
        try await DetachDriver(backend: LibvirtDetachBackend(hypervisor: self), logger: logger).detach(device, from: uuid, policy: policy)
    }

    /// `virDomainDetachDeviceFlags(AFFECT_CONFIG)` with the element as the persistent XML
    /// holds it.
    func detachFromPersistentConfig(_ device: DomainDevice, of uuid: UUID) async throws(DetachRequestError) {
        let xml = device.xml
        try await detachRequest(uuid, "virDomainDetachDeviceFlags") { virDomainDetachDeviceFlags($0, xml, DeviceAffect.config.rawValue) }
    }

    /// `virDomainDetachDeviceAlias(AFFECT_LIVE)` with the alias of the *live* device: it
    /// returns once QEMU has the request, and the removal is confirmed by DEVICE_REMOVED
    /// (`virDomainDetachDeviceFlags` would block up to 5 s and still prove nothing).
    func detachFromLiveConfig(_ device: DomainDevice, of uuid: UUID) async throws(DetachRequestError) {
        guard let alias = device.alias else {
            throw .refused(.internalError("live detach of \(device.device) from domain \(uuid.uuidString.lowercased()) was asked without a device alias"))
        }
        try await detachRequest(uuid, "virDomainDetachDeviceAlias") { virDomainDetachDeviceAlias($0, alias, DeviceAffect.live.rawValue) }
    }

    private func detachRequest(_ uuid: UUID, _ call: String, _ body: @escaping @Sendable (virDomainPtr) -> Int32) async throws(DetachRequestError) {
        let sent: Void?
        do {
            sent = try await onDomain(uuid) { (domain) throws(LibvirtError) in try domain.perform(call, body) }
        } catch {
            throw error.detachRequestError(domain: uuid)
        }
        guard sent != nil else { throw .domainGone }
    }
}
