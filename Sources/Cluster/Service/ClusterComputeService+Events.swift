import Compute
import ComputeModel
import Foundation
import Store

extension ClusterComputeService {
    /// Each event goes to the host that runs its server: this host's own in one batch to
    /// the local manager, each other host's in one call, and the dispositions come back in
    /// the order the events were sent. The events of a server whose host is down cannot be
    /// handled now: `hostUnavailable` (that host's start-up audit finds what changed
    /// meanwhile, e.g. a deleted port). Unknown servers are the local manager's to answer.
    public func deliverExternalEvents(_ events: [ExternalEvent], context: RequestContext) async throws(ComputeError) -> [ExternalEvent.Disposition] {
        let here = hostName
        let ids = Set(events.map(\.serverID))
        let (hostOf, services) = try await read { db in
            (try Dictionary(ids.compactMap { id in try ServerRecords.host(of: id, in: db).map { (id, $0) } }, uniquingKeysWith: { first, _ in first }),
             try ServiceRecords.fetchAll(in: db))
        }
        let serviceOf = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Batches by host, each event remembering its place.
        var batches: [String: [(Int, ExternalEvent)]] = [:]
        for (index, event) in events.enumerated() {
            let host = hostOf[event.serverID].flatMap { $0.isEmpty || $0 == here ? nil : $0 } ?? here
            batches[host, default: []].append((index, event))
        }
        var dispositions = [ExternalEvent.Disposition](repeating: .serverNotFound, count: events.count)
        for (host, batch) in batches {
            let answered: [ExternalEvent.Disposition]
            if host == here {
                answered = try await local.deliverExternalEvents(batch.map(\.1), context: context)
            } else if let service = serviceOf[host], (try? requireUp(service, server: nil)) != nil {
                do throws(ComputeError) {
                    let call = PeerCall.externalEvents(batch.map(\.1))
                    let answer = try await peers.send(call, context: context, to: service, server: nil)
                    switch answer {
                    case .dispositions(let list) where list.count == batch.count: answered = list
                    case .failed(let error): throw error
                    default: throw Self.unexpectedAnswer(answer, to: call)
                    }
                } catch .hostUnavailable {
                    answered = Array(repeating: .hostUnavailable, count: batch.count)
                }
            } else {
                answered = Array(repeating: .hostUnavailable, count: batch.count)
            }
            for ((index, _), disposition) in zip(batch, answered) { dispositions[index] = disposition }
        }
        return dispositions
    }
}
