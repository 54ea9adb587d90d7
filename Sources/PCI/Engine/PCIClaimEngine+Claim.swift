import Foundation

extension PCIClaimEngine {
    /// Claims devices for one request: all of `request.count` or none. Devices come from
    /// the first candidate tier with enough free devices, first pool in Nova's order, last
    /// device of that pool. A refusal explains itself (`PCIClaimFailure`).
    public mutating func claim(
        _ request: PCIRequest, for instance: UUID, numa: InstanceNUMATopology? = nil
    ) throws(PCIClaimFailure) -> [PCIAddress] {
        let shape = RequestShape(request: request, numa: numa)
        let chain = chain(for: shape, request: request)
        guard let tier = chain.first(where: { tiers[Int($0)].freeCount >= request.count }) else {
            throw explainFailure(of: request, instance: instance, numa: numa)
        }
        if request.count == 1 {
            // The port path: one device, no list to roll back.
            let index = try takeDevice(from: tier, request: request, instance: instance, numa: numa)
            return [devices[Int(index)].address]
        }
        var taken: [Int32] = []
        do {
            for _ in 0..<request.count {
                taken.append(try takeDevice(from: tier, request: request, instance: instance, numa: numa))
            }
        } catch {
            for index in taken.reversed() { try? freeDevice(index, instance: instance) }
            throw error
        }
        return taken.map { devices[Int($0)].address }
    }

    /// Claims several requests for one instance, all or none (a boot with several ports).
    public mutating func claim(
        _ requests: [PCIRequest], for instance: UUID, numa: InstanceNUMATopology? = nil
    ) throws(PCIClaimFailure) -> [UUID: [PCIAddress]] {
        var claimed: [UUID: [PCIAddress]] = [:]
        do {
            for request in requests {
                claimed[request.requestID] = try claim(request, for: instance, numa: numa)
            }
        } catch {
            for address in claimed.values.joined() { try? free(address, instance: instance) }
            throw error
        }
        return claimed
    }

    private mutating func takeDevice(
        from tier: Int32, request: PCIRequest, instance: UUID, numa: InstanceNUMATopology?
    ) throws(PCIClaimFailure) -> Int32 {
        guard let pool = tiers[Int(tier)].firstPool else {
            throw explainFailure(of: request, instance: instance, numa: numa)
        }
        let index = pools[Int(pool)].tail
        do {
            try claimDevice(index, for: instance)
        } catch {
            // A pooled device refusing a claim means the ledger contradicts itself; say so
            // rather than hand out a device the rules forbid.
            throw PCIClaimFailure(instance: instance, request: request, stage: .inconsistentLedger(error.description),
                                  wanted: Self.deviceWord(for: request), numaCells: numa?.cells)
        }
        devices[Int(index)].requestID = request.requestID
        return index
    }
}
