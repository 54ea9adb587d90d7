/// The request filter pipeline (Nova's `_filter_pools`), computed once per request shape:
/// spec match, then the PF / vDPA / remote-managed filters, then the NUMA policy, which
/// yields an ordered chain of tiers (e.g. legacy: the server's nodes, then those plus
/// NUMA-less devices). A claim takes from the first tier that has enough free devices.
///
/// Nova filters NUMA before device type, so its "enough devices on the strict nodes" can
/// count PFs that are then filtered out and fail a claim that a relaxed tier would serve.
/// Filtering type first gives the same answer everywhere else and the right one there.
extension PCIClaimEngine {
    mutating func chain(for shape: RequestShape, request: PCIRequest) -> [Int32] {
        if let chain = chains[shape] { return chain }
        let eligible = pools.indices.filter { poolIsEligible(Int32($0), for: request) }.map { Int32($0) }
        var chain: [Int32] = []
        for nodeFilter in numaStages(policy: shape.policy, cells: shape.cells) {
            let members = eligible.filter { nodeFilter(pools[Int($0)].key.numaNode) }
            let tier = tierID(members: members)
            if chain.last != tier { chain.append(tier) }
        }
        chains[shape] = chain
        return chain
    }

    /// Spec match plus the device-type stages: PFs, vDPA devices and remote-managed
    /// devices only when the request asks for them.
    func poolIsEligible(_ pool: Int32, for request: PCIRequest) -> Bool {
        let key = pools[Int(pool)]
        guard SpecMatcher.matches(request.specKey, pool: key.matchKey) else { return false }
        return passesTypeFilters(key.key, request: request)
    }

    func passesTypeFilters(_ key: PoolKey, request: PCIRequest) -> Bool {
        let alternatives = request.specKey.alternatives
        func asks(_ name: String, _ predicate: (TagValue) -> Bool) -> Bool {
            alternatives.contains { $0.contains { $0.key == name && predicate($0.value) } }
        }
        switch key.deviceType {
        case .physicalFunction?:
            if !asks("dev_type", { $0 == .string(PCIDeviceType.physicalFunction.rawValue.lowercased()) }) { return false }
        case .vdpa?:
            if !asks("dev_type", { $0 == .string(PCIDeviceType.vdpa.rawValue) }) { return false }
        default:
            break
        }
        if key.isRemoteManaged, !asks("remote_managed", { BooleanTag.parseLenient($0) }) { return false }
        return true
    }

    /// The NUMA stages of a policy, most affine first (§4.7).
    func numaStages(policy: NUMAAffinityPolicy, cells: [Int]?) -> [(Int?) -> Bool] {
        guard let cells else { return [{ _ in true }] }
        let strict: (Int?) -> Bool = { node in node.map(cells.contains) ?? false }
        let strictOrNone: (Int?) -> Bool = { node in node.map(cells.contains) ?? true }
        switch policy {
        case .required:
            return [strict]
        case .legacy:
            return [strict, strictOrNone]
        case .preferred:
            return [strict, strictOrNone, { _ in true }]
        case .socket:
            // Without socket information on every host node, Nova's socket stage is empty.
            guard hostNUMA.hasSocketInformation else { return [strict] }
            let sockets = Set(cells.compactMap { hostNUMA.socket(ofNode: $0) })
            let nodes = Set(hostNUMA.nodes.filter { $0.socket.map(sockets.contains) ?? false }.map(\.id))
            return [strict, { node in node.map(nodes.contains) ?? false }]
        }
    }

    /// Tiers with the same members are shared, so each pool change updates each distinct
    /// tier once however many request shapes use it.
    mutating func tierID(members: [Int32]) -> Int32 {
        if let existing = tierByMembers[members] { return existing }
        let id = Int32(tiers.count)
        tiers.append(CandidateTier(members: members, pools: pools))
        tierByMembers[members] = id
        for pool in members { pools[Int(pool)].tiers.append(id) }
        return id
    }
}
