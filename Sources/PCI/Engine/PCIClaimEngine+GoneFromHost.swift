extension PCIClaimEngine {
    /// What became of a device that left the host.
    public enum HostRemoval: Sendable, Hashable {
        /// It was free: `removed` now, out of its pool and its PF's family.
        case removed
        /// Its owner keeps it until it is freed; then it is `removed` (never pooled again).
        case removedWhenFreed
    }

    /// The device left the host while the service ran (a rescan no longer finds it), as a
    /// restart's merge treats it: a free device is removed at once, and leaves its PF's
    /// family so that it blocks neither the PF nor its siblings; an owned one stays its
    /// owner's until freed. A device that is free only in name (unclaimable or unavailable
    /// because a relative is in use) cannot leave the family while that use lasts: refused.
    public mutating func goneFromHost(_ address: PCIAddress) throws(PCIDeviceError) -> HostRemoval {
        let index = try index(of: address)
        let status = devices[Int(index)].status
        if status.isOwned {
            if !devices[Int(index)].removeWhenFreed {
                devices[Int(index)].removeWhenFreed = true
                markDirty(index)
            }
            return .removedWhenFreed
        }
        guard status == .available else {
            throw .invalidStatus(host: hostName, address: address, status: status,
                                 expected: [.available] + Self.freeableStatuses)
        }
        setStatus(index, .removed)
        leaveFamily(index)
        return .removed
    }

    /// Cuts the device out of the PF/VF tree, both ways.
    private mutating func leaveFamily(_ index: Int32) {
        let parent = parentIndex[Int(index)]
        if parent >= 0 {
            childIndices[Int(parent)].removeAll { $0 == index }
            parentIndex[Int(index)] = -1
        }
        for child in childIndices[Int(index)] { parentIndex[Int(child)] = -1 }
        childIndices[Int(index)] = []
    }
}
