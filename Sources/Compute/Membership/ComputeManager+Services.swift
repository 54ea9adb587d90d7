import ComputeModel
import Foundation
import Store

/// The hosts of the cloud as `os-services` and `os-availability-zone` show them, read from
/// the shared database so that every host's API answers the same; up or down is decided
/// here, from the heartbeat and `service_down_time` (Nova's `service_is_up`).
extension ComputeManager {
    /// Any caller's: the admin APIs check their own rules, and Nova's availability-zone list,
    /// open to every user, reads the services too.
    public func computeHosts(context: RequestContext) async throws(ComputeError) -> [ComputeHostStatus] {
        let hosts = try await read { db in try ServiceRecords.fetchAll(in: db) }
        let now = Date()
        return hosts.map { status(of: $0, at: now) }
    }

    /// Enable/disable (with the reason) and forced down, in one transaction.
    public func updateComputeHost(_ host: String, _ update: ComputeHostUpdate, context: RequestContext) async throws(ComputeError) -> ComputeHostStatus {
        try requireAdmin(context, "os_compute_api:os-services:update")
        let updated = try await write { db -> ComputeHost? in
            let now = Date()
            guard var current = try ServiceRecords.fetch(host: host, in: db) else { return nil }
            if let disabled = update.disabled {
                current = try ServiceRecords.setDisabled(disabled, reason: update.disabledReason, host: host, now: now, in: db) ?? current
            }
            if let forcedDown = update.forcedDown {
                current = try ServiceRecords.setForcedDown(forcedDown, host: host, now: now, in: db) ?? current
            }
            return current
        }
        guard let updated else { throw .computeHostNotFound(host) }
        logger.notice("compute service of host \(host) updated: disabled \(updated.disabled), forced down \(updated.forcedDown)")
        return status(of: updated, at: Date())
    }

    /// Nova refuses to delete a compute service while instances are on its host; a host
    /// still running registers again at its next heartbeat, as a restarted Nova compute does.
    public func deleteComputeHost(_ host: String, context: RequestContext) async throws(ComputeError) {
        try requireAdmin(context, "os_compute_api:os-services:delete")
        switch try await write({ db in try ServiceRecords.delete(host: host, in: db) }) {
        case .deleted:
            logger.notice("compute service of host \(host) deleted")
        case .notFound:
            throw .computeHostNotFound(host)
        case .hostsServers:
            throw .computeHostHasServers(host)
        }
    }

    func status(of host: ComputeHost, at now: Date) -> ComputeHostStatus {
        ComputeHostStatus(host: host, isUp: host.isUp(at: now, downAfter: configuration.serviceDownTime))
    }
}
