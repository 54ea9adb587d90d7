import Compute
import ComputeModel
import Foundation
import Store

extension ClusterComputeService {
    /// Placement: the hosts that can take the server (up, enabled, able to claim its ports'
    /// devices), best first; the server is created on the first, locally or forwarded. A
    /// host that lost the race for its devices withdrew the create and the next is tried
    /// (Nova's alternates); one that cannot be reached was never asked and the next is
    /// tried too. When none is left the server is recorded here in ERROR with Nova's
    /// "No valid host was found", holding nothing. With this host alone in the cloud the
    /// create is the local one, unchanged.
    public func createServer(_ request: CreateServerRequest, context: RequestContext) async throws(ComputeError) -> Server {
        let here = hostName
        let services = try await read { db in try ServiceRecords.fetchAll(in: db) }
        if services.allSatisfy({ $0.name == here }), request.forcedHost == nil || request.forcedHost == here {
            return try await local.createServer(request, context: context)
        }
        let candidates = try await local.placementCandidates(for: request, context: context)
        let byName = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for candidate in candidates {
            do throws(ComputeError) {
                if candidate.host == here {
                    return try await local.createServer(request, context: context, placed: true)
                }
                guard let service = byName[candidate.host] else { continue }
                let call = PeerCall.createPlaced(request)
                let answer = try await peers.send(call, context: context, to: service, server: nil)
                switch answer {
                case .server(let server): return server
                case .failed(let error): throw error
                default: throw Self.unexpectedAnswer(answer, to: call)
                }
            } catch .placementLost(let host, let cause) {
                logger.info("create of '\(request.name)' lost its claim on \(host), trying the next host: \(cause)")
            } catch .hostUnavailable(let host, _, let reason) {
                logger.warning("create of '\(request.name)' could not go to \(host), trying the next host: \(reason)")
            }
        }
        logger.warning("create of '\(request.name)': no valid host among \(services.count) (\(candidates.count) candidates tried)")
        return try await local.recordUnplacedServer(request, context: context)
    }
}
