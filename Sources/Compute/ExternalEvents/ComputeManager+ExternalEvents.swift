import ComputeModel
import Foundation
import Store

extension ComputeManager {
    /// Nova's `os-server-external-events`: each event's server is looked up in every
    /// project (the caller is the network service, not the server's owner); an event for a
    /// server that does not exist, that lacks a tag it needs, or whose server is on no host
    /// is dropped with its reason, the others are accepted and handled in order, in the
    /// background, once this returns.
    public func deliverExternalEvents(
        _ events: [ExternalEvent], context: RequestContext
    ) async throws(ComputeError) -> [ExternalEvent.Disposition] {
        let ids = Set(events.map(\.serverID))
        let servers = try await read { db in
            try ids.compactMap { id in try ServerRecords.fetch(id, in: db) }
        }
        let hosts = Dictionary(servers.map { ($0.id, $0.hostName) }, uniquingKeysWith: { first, _ in first })
        var accepted: [ExternalEvent] = []
        let dispositions = events.map { event -> ExternalEvent.Disposition in
            guard let host = hosts[event.serverID] else { return .serverNotFound }
            if event.name.requiresTag && event.tag == nil { return .tagMissing }
            guard !host.isEmpty else { return .serverWithoutHost }
            accepted.append(event)
            return .accepted
        }
        if !accepted.isEmpty {
            let taken = accepted
            await backgroundTasks.start { await self.handle(taken, context: context) }
        }
        return dispositions
    }

    /// One event after another, as Nova's compute manager takes them.
    func handle(_ events: [ExternalEvent], context: RequestContext) async {
        for event in events {
            logger.info("external event \(event.name.rawValue):\(event.tag ?? "") (\(event.status.rawValue)) for \(event.serverID)")
            switch event.name {
            case .networkVIFDeleted:
                guard let portID = event.tag else {
                    logger.warning("network-vif-deleted for \(event.serverID) names no port: nothing to release")
                    continue
                }
                let handling = await portDeleted(portID, serverID: event.serverID, context: context)
                logger.info("network-vif-deleted of port \(portID) on \(event.serverID): \(handling)")
            case .networkChanged:
                await refreshPorts(event.tag, serverID: event.serverID)
            case .networkVIFPlugged, .networkVIFUnplugged, .volumeExtended, .powerUpdate, .acceleratorRequestBound, .volumeReimaged:
                // Nothing waits for them here: an attach confirms its port through the
                // network's answer to the bind, and this service has no volumes,
                // accelerators or external power control.
                continue
            }
        }
    }
}
