import Foundation

extension SimulatedHypervisor {
    /// The guest's side of an unplug: `removalDelay` after the request, a running guest
    /// releases the device (it leaves the live XML, then device-removed fires) or, under
    /// `failRemoval`, refuses it (removal-failed fires, the device stays).
    func scheduleRelease(of alias: String, in domain: SimulatedDomain, after wait: Duration? = nil) {
        guard !faults.ignoreUnplug.contains(domain.uuid) else { return }
        let uuid = domain.uuid, boot = domain.boot, delay = wait ?? removalDelay
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.guestActed(on: alias, in: uuid, boot: boot)
        }
    }

    /// Pending requests of a guest whose CPUs start again (unpause, resume).
    func scheduleReleases(of domain: SimulatedDomain) {
        for alias in domain.pendingUnplugs.sorted() { scheduleRelease(of: alias, in: domain) }
    }

    private func guestActed(on alias: String, in uuid: UUID, boot: Int) async {
        // A paused guest acts once unpaused; a guest stopped or restarted since has
        // forgotten the request.
        guard let record = domains.records[uuid], record.boot == boot, record.state == .running,
              record.pendingUnplugs.contains(alias), !faults.ignoreUnplug.contains(uuid)
        else { return }
        let loaded: SimulatedDomain?
        do {
            loaded = try domains.domain(uuid)
        } catch {
            logger.error("guest could not release \(alias): \(error)", metadata: ["domain": "\(record.name)"])
            return
        }
        guard var domain = loaded, let liveXML = domain.liveXML else { return }
        domain.pendingUnplugs.remove(alias)
        domain.unplugRequestedAt?[alias] = nil
        let event: DeviceEvent
        do {
            if faults.failRemoval.contains(uuid) {
                event = .removalFailed
            } else {
                let live = try config(xml: liveXML, what: "the live XML of domain '\(domain.name)'")
                _ = live.removeDevice(withAlias: alias)
                domain.liveXML = render(live)
                event = .removed
            }
            try commit(domain)
        } catch {
            logger.error("guest could not release \(alias): \(error)", metadata: ["domain": "\(domain.name)"])
            return
        }
        sentEvents.append(SentDeviceEvent(domain: uuid, alias: alias, event: event))
        await deviceEvents.deliver(event, domain: uuid, alias: alias)
    }
}
