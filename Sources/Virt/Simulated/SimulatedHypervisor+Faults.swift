import Foundation

extension SimulatedHypervisor {
    public func setFaults(_ faults: SimulatedFaults) {
        self.faults = faults
    }

    public func updateFaults(_ change: @Sendable (inout SimulatedFaults) -> Void) {
        change(&faults)
    }

    /// The next attach (to `domain` only, if given) fails with `message`; nothing changes.
    public func failNextAttach(message: String, domain: UUID? = nil) {
        faults.nextAttachFailure = .init(message: message, domain: domain)
    }

    /// The next managed save (`suspend`) fails with `message`; the domain keeps running.
    public func failNextSave(message: String) {
        faults.nextSaveFailure = message
    }

    /// The guest of `domain` does (or no longer does) ignore unplug requests.
    public func ignoreUnplug(in domain: UUID, _ ignore: Bool = true) {
        if ignore { faults.ignoreUnplug.insert(domain) } else { faults.ignoreUnplug.remove(domain) }
    }

    /// The guest of `domain` does (or no longer does) answer unplugs with removal-failed.
    public func failRemoval(in domain: UUID, _ fail: Bool = true) {
        if fail { faults.failRemoval.insert(domain) } else { faults.failRemoval.remove(domain) }
    }

    /// `domain` is undefined behind the service's back when the next detach request
    /// reaches it.
    public func vanishOnNextDetach(_ domain: UUID) {
        faults.vanishOnDetach.insert(domain)
    }

    /// Undefines `domain` behind the service's back, now (as `virsh undefine` by an
    /// operator would); false when there was no such domain.
    @discardableResult
    public func vanish(_ domain: UUID) -> Bool {
        guard domains.records[domain] != nil else { return false }
        vanishNow(domain)
        return true
    }

    func vanishNow(_ uuid: UUID) {
        faults.vanishOnDetach.remove(uuid)
        domains.forget(uuid)
        heldResourceCache[uuid] = nil
        do {
            try domains.store.remove(uuid)
        } catch {
            logger.error("vanished domain kept its file: \(error)", metadata: ["domain": "\(uuid.uuidString.lowercased())"])
        }
    }
}
