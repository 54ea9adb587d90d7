/// What decides a request's candidate pools: its spec, its NUMA policy and the server's
/// NUMA cells. Requests of the same shape share cached candidate tiers.
struct RequestShape: Sendable, Hashable {
    let spec: RequestSpecKey
    let policy: NUMAAffinityPolicy
    /// `nil` when the server has no NUMA topology (no NUMA filtering at all).
    let cells: [Int]?

    init(request: PCIRequest, numa: InstanceNUMATopology?) {
        spec = request.specKey
        policy = request.effectiveNUMAPolicy
        cells = numa?.cells
    }
}
