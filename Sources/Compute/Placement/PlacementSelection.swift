import ComputeModel
import Foundation
import PCI

/// Where a new server may go, best first: Nova's filter scheduler reduced to what matters
/// here. Pure: the hosts, their ledgers and the server's PCI requests in, the ordered
/// candidates out; the first is tried, the others are the alternates a lost race falls
/// back to (Nova's reschedule).
public enum PlacementSelection {
    /// The filters: up (`service_down_time`; forced down is down), enabled, and able to
    /// claim every request together now (`PciPassthroughFilter`, with the claim engine's
    /// own pools, device types and NUMA policies). A forced host (`nova:HOST`) is the only
    /// candidate and skips the enabled filter, as Nova's forced hosts skip the scheduler's
    /// filters; it must still be up and fit, since it cannot be called otherwise and its
    /// claim would fail.
    ///
    /// The weigher spreads: most free matching devices first, then fewest servers, then
    /// the host name (a stable order for equal hosts).
    public static func candidates(
        for requests: [PCIRequest], on hosts: [PlacementHost], forcedHost: String? = nil, now: Date, downAfter: TimeInterval
    ) -> [PlacementCandidate] {
        var candidates: [PlacementCandidate] = []
        for host in hosts {
            if let forcedHost {
                guard host.service.name == forcedHost else { continue }
            } else if host.service.disabled {
                continue
            }
            guard host.service.isUp(at: now, downAfter: downAfter) else { continue }
            let engine = PCIClaimEngine(hostName: host.service.name, hostNUMA: host.numa, devices: host.devices)
            let numa = host.numaCells.map(InstanceNUMATopology.init(cells:))
            guard engine.supports(requests, numa: numa) else { continue }
            candidates.append(PlacementCandidate(host: host.service.name, peerURL: host.service.peerURL,
                                                 freeDevices: engine.freeDevices(serving: requests, numa: numa),
                                                 servers: host.serverCount))
        }
        return candidates.sorted { ($1.freeDevices, $0.servers, $0.host) < ($0.freeDevices, $1.servers, $1.host) }
    }

    /// `hw:numa_nodes` = `count`: the `count` host nodes with the fewest of the host's
    /// servers pinned to them (lowest id on a tie), sorted.
    public static func pinnedCells(count: Int, nodes: [Int], serverCells: [[Int]]) -> [Int] {
        var load = Dictionary(uniqueKeysWithValues: nodes.map { ($0, 0) })
        for cell in serverCells.joined() where load[cell] != nil { load[cell]! += 1 }
        return nodes.sorted { (load[$0]!, $0) < (load[$1]!, $1) }.prefix(count).sorted()
    }
}
