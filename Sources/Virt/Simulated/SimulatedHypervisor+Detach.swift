import Foundation

extension SimulatedHypervisor {
    /// Nova's detach (§6.4) through the shared `DetachDriver`; a domain missing at the start
    /// or vanishing midway yields `.domainGone`, a suspended one is refused.
    public func detach(_ device: GuestDevice, from uuid: UUID, policy: DetachPolicy) async throws(HypervisorError) -> DetachOutcome {
        try await DetachDriver(backend: SimulatedDetachBackend(hypervisor: self), logger: logger)
            .detach(device, from: uuid, policy: policy)
    }

    /// The live half only (a suspend's detach): the persistent configuration keeps the device.
    public func detachLive(_ device: GuestDevice, from uuid: UUID, policy: DetachPolicy) async throws(HypervisorError) -> DetachOutcome {
        try await DetachDriver(backend: SimulatedDetachBackend(hypervisor: self), logger: logger)
            .detach(device, from: uuid, policy: policy, keepingPersistent: true)
    }

    func findDevice(_ device: GuestDevice, in uuid: UUID, live: Bool) throws(HypervisorError) -> DomainDevice? {
        let domain = try existing(uuid)
        return try inspect(xml: xml(of: domain, live: live), what: "the XML of domain '\(domain.name)'") { config in
            DeviceLocator.element(for: device, in: config.document).flatMap(DeviceLocator.domainDevice(of:))
        }
    }

    /// AFFECT_CONFIG: immediate, nothing to wait for.
    func detachFromPersistentConfig(_ device: DomainDevice, of uuid: UUID) throws(DetachRequestError) {
        guard var domain = try definedDomain(uuid) else { throw .domainGone }
        if !domain.state.isLive, faults.vanishOnDetach.contains(uuid) {
            vanishNow(uuid)
            throw .domainGone
        }
        let persistent: DomainConfig
        do {
            persistent = try config(of: domain, live: false)
        } catch {
            throw .refused(error)
        }
        guard persistent.remove(device.device) else {
            throw .deviceMissing("device not found: \(device.device) is not in the persistent configuration of domain '\(domain.name)'")
        }
        domain.persistentXML = render(persistent)
        do {
            try commit(domain)
        } catch {
            throw .refused(error)
        }
    }

    /// AFFECT_LIVE: only asks the guest. The device stays in the live XML until the guest
    /// releases it, which a paused guest does not do until it is unpaused.
    func detachFromLiveConfig(_ device: DomainDevice, of uuid: UUID) throws(DetachRequestError) {
        guard var domain = try definedDomain(uuid) else { throw .domainGone }
        if faults.vanishOnDetach.contains(uuid) {
            vanishNow(uuid)
            throw .domainGone
        }
        // Powered off since the lookup: there is no live device any more, which the
        // detach confirms by re-reading the XML.
        guard domain.state.isLive, let liveXML = domain.liveXML else {
            throw .deviceMissing("device not found: domain '\(domain.name)' is not running, so it has no live device \(device.device)")
        }
        guard let alias = device.alias else {
            throw .refused(.internalError("live detach of \(device.device) from domain '\(domain.name)' was asked without a device alias"))
        }
        let present: Bool
        do {
            present = try inspect(xml: liveXML, what: "the live XML of domain '\(domain.name)'") { $0.hasDevice(withAlias: alias) }
        } catch {
            throw .refused(error)
        }
        guard present else { throw .deviceMissing("device not found: no device found with alias \(alias)") }
        guard !domain.pendingUnplugs.contains(alias) else {
            throw .unplugInProgress(
                "internal error: unable to execute QEMU command 'device_del': Device \(alias) is already in the process of unplug")
        }
        domain.pendingUnplugs.insert(alias)
        domain.unplugRequestedAt = (domain.unplugRequestedAt ?? [:]).merging([alias: Date()]) { _, new in new }
        do {
            try commit(domain)
        } catch {
            throw .refused(error)
        }
        if domain.state == .running { scheduleRelease(of: alias, in: domain) }
    }
}

extension SimulatedHypervisor {
    /// The domain for a detach request; nil when it is not defined (any more).
    fileprivate func definedDomain(_ uuid: UUID) throws(DetachRequestError) -> SimulatedDomain? {
        do {
            return try domains.domain(uuid)
        } catch {
            throw .refused(error)
        }
    }
}

/// The `DetachBackend` view of a `SimulatedHypervisor`, kept apart so that the detach
/// primitives stay out of the hypervisor's public API.
struct SimulatedDetachBackend: DetachBackend {
    let hypervisor: SimulatedHypervisor

    var deviceEvents: DeviceEventWaiters { hypervisor.deviceEvents }

    func domainState(of domain: UUID) async throws(HypervisorError) -> DomainState {
        try await hypervisor.state(of: domain)
    }

    func findDevice(_ device: GuestDevice, in domain: UUID, live: Bool) async throws(HypervisorError) -> DomainDevice? {
        try await hypervisor.findDevice(device, in: domain, live: live)
    }

    func detachFromPersistentConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError) {
        try await hypervisor.detachFromPersistentConfig(device, of: domain)
    }

    func detachFromLiveConfig(_ device: DomainDevice, of domain: UUID) async throws(DetachRequestError) {
        try await hypervisor.detachFromLiveConfig(device, of: domain)
    }
}
