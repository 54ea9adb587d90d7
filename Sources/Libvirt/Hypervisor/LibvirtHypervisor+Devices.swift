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

    /// `virDomainAttachDeviceFlags(AFFECT_LIVE)`: a device the persistent config kept goes
    /// back into the running guest (a resume's replug).
    public func attachLive(_ device: GuestDevice, to uuid: UUID) async throws(HypervisorError) {
        try device.validate()
        let xml = device.xml
        try await withDomain(uuid) { (domain) throws(LibvirtError) in
            try domain.perform("virDomainAttachDeviceFlags") { virDomainAttachDeviceFlags($0, xml, DeviceAffect.live.rawValue) }
        }
        logger.debug("attached device to the live config", metadata: ["domain": "\(uuid.uuidString.lowercased())", "device": "\(device)"])
    }

    /// The live half of the detach only (a suspend's, before the managed save): the
    /// persistent config keeps the device.
    public func detachLive(_ device: GuestDevice, from uuid: UUID, policy: DetachPolicy) async throws(HypervisorError) -> DetachOutcome {
        try await DetachDriver(backend: LibvirtDetachBackend(hypervisor: self), logger: logger)
            .detach(device, from: uuid, policy: policy, keepingPersistent: true)
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
        try await detachRequest(uuid, "virDomainDetachDeviceFlags", classify: { $0.detachRequestError(domain: uuid) }) {
            virDomainDetachDeviceFlags($0, xml, DeviceAffect.config.rawValue)
        }
    }

    /// `virDomainDetachDeviceAlias(AFFECT_LIVE)` with the alias of the *live* device: it
    /// returns once QEMU has the request, and the removal is confirmed by DEVICE_REMOVED
    /// (`virDomainDetachDeviceFlags` would block up to 5 s and still prove nothing).
    ///
    /// The unplug is recorded as pending before the request, so that its event is looked
    /// for again if the connection is lost before it arrives; a request refused outright
    /// is struck off again.
    func detachFromLiveConfig(_ device: DomainDevice, of uuid: UUID) async throws(DetachRequestError) {
        guard let alias = device.alias else {
            throw .refused(.internalError("live detach of \(device.device) from domain \(uuid.uuidString.lowercased()) was asked without a device alias"))
        }
        let pendingUnplugs = supervisor.pendingUnplugs
        await pendingUnplugs.add(domain: uuid, alias: alias)
        do {
            try await detachRequest(uuid, "virDomainDetachDeviceAlias", classify: { $0.liveDetachRequestError(domain: uuid) }) {
                virDomainDetachDeviceAlias($0, alias, DeviceAffect.live.rawValue)
            }
        } catch {
            // An unplug in progress (QEMU's, or one a lost connection may have sent) still
            // ends with an event; anything else sent nothing.
            let stillPending = if case .unplugInProgress = error { true } else { false }
            if !stillPending { await pendingUnplugs.remove(domain: uuid, alias: alias) }
            throw error
        }
    }

    private func detachRequest(
        _ uuid: UUID, _ call: String, classify: (LibvirtError) -> DetachRequestError,
        _ body: @escaping @Sendable (virDomainPtr) -> Int32
    ) async throws(DetachRequestError) {
        let sent: Void?
        do {
            sent = try await onDomain(uuid) { (domain) throws(LibvirtError) in try domain.perform(call, body) }
        } catch {
            throw classify(error)
        }
        guard sent != nil else { throw .domainGone }
    }
}
