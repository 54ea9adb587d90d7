import Foundation

/// What placement asks of another host's ledger (Nova's `PciPassthroughFilter` and the
/// spread weigher): the claim engine's own rules on a copy, so placement and the claim on
/// the chosen host never disagree about what fits.
extension PCIClaimEngine {
    /// Whether every request would be claimed now, together, for one server
    /// (`support_requests`). Nothing changes: the claim runs on a copy.
    public func supports(_ requests: [PCIRequest], numa: InstanceNUMATopology?) -> Bool {
        guard !requests.isEmpty else { return true }
        var copy = self
        do {
            _ = try copy.claim(requests, for: UUID(), numa: numa)
            return true
        } catch {
            return false
        }
    }

    /// The free devices that could serve at least one of the requests (spec, device type
    /// and every NUMA stage the policy allows): how much room the host has for servers
    /// like this one.
    public func freeDevices(serving requests: [PCIRequest], numa: InstanceNUMATopology?) -> Int {
        var copy = self
        var pools = Set<Int32>()
        for request in requests {
            for tier in copy.chain(for: RequestShape(request: request, numa: numa), request: request) {
                pools.formUnion(copy.tiers[Int(tier)].members)
            }
        }
        return pools.reduce(0) { $0 + copy.pools[Int($1)].count }
    }
}
