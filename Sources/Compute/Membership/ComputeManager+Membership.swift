import ComputeModel
import Foundation
import Store

extension ComputeManager {
    /// Registers this host in the cloud's database (its `nova-compute` service row) with the
    /// URL the other hosts call it at; an operator's disable survives the restart. Journal
    /// rows a single host left without an owner before store-v4 become this host's.
    @discardableResult
    public func register(peerURL: String?) async throws(ComputeError) -> ComputeHost {
        let host = hostName
        return try await write { db in
            let registered = try ServiceRecords.register(host: host, peerURL: peerURL, now: Date(), in: db)
            try JournalRecords.adoptUnowned(host: host, in: db)
            return registered
        }
    }

    /// Renews the heartbeat every `interval` until the task is cancelled. A heartbeat that
    /// fails (the database away) is logged and tried again at the next tick: the host then
    /// shows down after `service_down_time`, which is what that time is for. A row that is
    /// gone (the service deleted by an operator) is registered again.
    public func runHeartbeats(every interval: Duration, peerURL: String?) async {
        let host = hostName
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                try await database.write { db in
                    do {
                        try ServiceRecords.heartbeat(host: host, now: Date(), in: db)
                    } catch StoreError.missing {
                        try ServiceRecords.register(host: host, peerURL: peerURL, now: Date(), in: db)
                    }
                }
            } catch {
                logger.warning("heartbeat of host \(host) not recorded: \(error)")
            }
        }
    }
}
