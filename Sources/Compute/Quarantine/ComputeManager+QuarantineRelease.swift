import ComputeModel
import Foundation
import PCI
import Store

/// Ending a quarantine (issue 11 item 7).
extension ComputeManager {
    /// An operator releases a quarantined device: it is freed, with the interface and PCI
    /// request that gave it to its server, in one ledger transaction, once nothing holds it
    /// — no guest (the live and persistent XML of every domain) and no port bound to this
    /// host that names it. A holder, a source that cannot be checked or an operation in
    /// flight refuses the release, saying which, and nothing changes.
    public func releaseQuarantinedDevice(_ address: PCIAddress, context: RequestContext) async throws(ComputeError) -> PCIDeviceListing {
        try requireAdmin(context, "os_compute_api:os-pci-devices:release")
        guard let device = await tracker.device(at: address) else {
            throw .deviceNotTracked(address, host: hostName)
        }
        guard device.status == .quarantined, let owner = device.instanceUUID else {
            throw .quarantineReleaseRefused(address, .notQuarantined(device.status))
        }
        // Under the owner's lock no operation of its server changes the device meanwhile.
        let released = await serverLocks.withLock(owner) {
            await Self.outcome { try await self.releaseWhenUnheld(address, owner: owner) }
        }
        let freed = try released.get()
        logger.notice("quarantined PCI device \(address) of \(owner) released by \(context.userID)")
        return PCIDeviceListing(host: hostName, device: freed)
    }

    private func releaseWhenUnheld(_ address: PCIAddress, owner: UUID) async throws(ComputeError) -> PCIDevice {
        guard let device = await tracker.device(at: address), device.status == .quarantined, device.instanceUUID == owner else {
            throw .quarantineReleaseRefused(address, .changedMeanwhile)
        }
        let snapshot = try await AuditGatherer(manager: self, hostDevices: .unread).snapshot().get()
        let audit = LedgerAudit(snapshot)
        if let problem = audit.guestsProblem {
            throw .quarantineReleaseRefused(address, .guestsUnchecked(problem))
        }
        if let problem = snapshot.boundPorts.problem {
            throw .quarantineReleaseRefused(address, .portsUnchecked(problem))
        }
        if let guests = audit.holders.guests[address], !guests.isEmpty {
            throw .quarantineReleaseRefused(address, .heldByGuests(Array(guests)))
        }
        if let ports = audit.holders.ports[address], !ports.isEmpty {
            throw .quarantineReleaseRefused(address, .namedByPorts(ports.map { "\($0.id) (bound to this host for '\($0.deviceID)')" }))
        }
        if let operation = snapshot.inFlight.first(where: { !$0.isWaitingForRetry && ($0.device == address || $0.server == owner) }) {
            throw .quarantineReleaseRefused(address, .operationInFlight(operation.summary))
        }
        // A retry waiting to release this device would find it released: the operator's
        // release takes it over, in the same transaction.
        let retries = snapshot.inFlight.compactMap { row in
            row.isWaitingForRetry && row.device == address ? row.port.map { (port: $0, server: row.server) } : nil
        }
        let releasedBy = "release of \(address) by an operator"
        do {
            try await freeDevice(address, of: owner, by: { engine in try engine.clearQuarantine(address) }, alsoRecord: { db in
                for retry in retries {
                    try JournalRecords.supersede(portID: retry.port, serverID: retry.server, by: releasedBy, in: db)
                }
            })
        } catch {
            throw .quarantineReleaseFailed(address, cause: "\(error)")
        }
        guard let freed = await tracker.device(at: address) else {
            throw .deviceLeftLedger(address)
        }
        return freed
    }
}
