import Foundation

/// Why a claim failed. This walks every tracked device, which is fine: it runs only on the
/// failure path, never on a successful claim.
extension PCIClaimEngine {
    func explainFailure(of request: PCIRequest, instance: UUID, numa: InstanceNUMATopology?) -> PCIClaimFailure {
        let wanted = Self.deviceWord(for: request)
        func failure(_ stage: PCIClaimFailure.Stage) -> PCIClaimFailure {
            PCIClaimFailure(instance: instance, request: request, stage: stage, wanted: wanted, numaCells: numa?.cells)
        }
        let live = devices.indices.filter { !Self.isGone(devices[$0].status) && poolOf[$0] >= 0 }

        // The tag stage leaves the device type aside, so that "no PF here" is told apart
        // from "nothing on this physnet".
        let tagsOnly = RequestSpecKey(spec: request.spec.map { $0.filter { $0.key != "dev_type" } })
        let tagged = live.filter { SpecMatcher.matches(tagsOnly, pool: pools[Int(poolOf[$0])].matchKey) }
        if tagged.isEmpty {
            let physnets = Set(live.compactMap { devices[$0].physicalNetwork }).sorted()
            return failure(.noMatchingDevice(physnetsOnHost: physnets))
        }

        let typed = tagged.filter { poolIsEligible(poolOf[$0], for: request) }
        if typed.isEmpty {
            var found: [PCIDeviceType: Int] = [:]
            for index in tagged { found[devices[index].type, default: 0] += 1 }
            return failure(.deviceType(found: found))
        }

        let free = typed.filter { devices[$0].status == .available }
        if free.isEmpty {
            let statuses = typed.map { devices[$0].status }
            return failure(.allInUse(
                owned: statuses.filter { [.claimed, .allocated, .detaching].contains($0) }.count,
                blockedByDependency: statuses.filter { $0 == .unclaimable || $0 == .unavailable }.count,
                quarantined: statuses.filter { $0 == .quarantined }.count))
        }

        if let cells = numa?.cells {
            let allowed = numaStages(policy: request.effectiveNUMAPolicy, cells: cells).last ?? { _ in true }
            let freeAllowed = free.filter { allowed(devices[$0].numaNode) }.count
            if freeAllowed < request.count {
                var byNode: [Int?: Int] = [:]
                for index in free where !allowed(devices[index].numaNode) { byNode[devices[index].numaNode, default: 0] += 1 }
                return failure(.numaPolicy(policy: request.effectiveNUMAPolicy, freeByNode: byNode))
            }
            return failure(.notEnough(free: freeAllowed))
        }
        return failure(.notEnough(free: free.count))
    }

    static func deviceWord(for request: PCIRequest) -> String {
        switch request.requestedDeviceType {
        case .physicalFunction?: "PF"
        case .vdpa?: "vDPA device"
        case .pci?: "PCI device"
        default: "VF"
        }
    }
}
