import Foundation

/// The device state machine (Nova's `PciDevice.claim/allocate/free/remove`, plus our
/// detaching and quarantine steps), with the PF/VF dependency:
/// using any VF takes its PF off the table, using a PF takes all its VFs, freeing the last
/// used VF returns the PF, freeing a PF returns its VFs.
extension PCIClaimEngine {
    static let parentUsableStatuses: [PCIDeviceStatus] = [.available, .unclaimable, .unavailable]
    static let freeableStatuses: [PCIDeviceStatus] = [.claimed, .allocated, .detaching, .quarantined]

    // MARK: Public, by address

    /// Claims a free device for an instance (outside any request, e.g. an operator pin).
    public mutating func claim(_ address: PCIAddress, for instance: UUID, requestID: UUID? = nil) throws(PCIDeviceError) {
        let index = try index(of: address)
        try claimDevice(index, for: instance)
        devices[Int(index)].requestID = requestID
    }

    /// Moves every device the instance has claimed to `allocated`.
    public mutating func allocate(instance: UUID) throws(PCIDeviceError) {
        guard let devicesOfInstance = owned[instance] else { return }
        for index in devicesOfInstance where devices[Int(index)].status == .claimed {
            try allocateDevice(index, for: instance)
        }
    }

    /// Allocates one device (claimed by the instance, or free).
    public mutating func allocate(_ address: PCIAddress, for instance: UUID) throws(PCIDeviceError) {
        try allocateDevice(try index(of: address), for: instance)
    }

    /// Frees one device. With an instance, the device must be that instance's.
    public mutating func free(_ address: PCIAddress, instance: UUID? = nil) throws(PCIDeviceError) {
        try freeDevice(try index(of: address), instance: instance)
    }

    /// Frees everything an instance owns (server deleted); returns what was freed.
    @discardableResult
    public mutating func freeAll(ownedBy instance: UUID) -> [PCIAddress] {
        let indices = owned[instance].map(Array.init) ?? []
        var freed: [PCIAddress] = []
        for index in indices {
            // Owned devices are always in a freeable status; a failure here would mean a
            // broken invariant, and skipping keeps the rest of the release going.
            if (try? freeDevice(index, instance: instance)) != nil { freed.append(devices[Int(index)].address) }
        }
        return freed
    }

    /// The guest was asked to let go of an allocated device; it stays owned until confirmed.
    /// A quarantined device may be detached again (an operator retrying a stuck detach).
    public mutating func beginDetach(_ address: PCIAddress, instance: UUID) throws(PCIDeviceError) {
        let index = try index(of: address)
        try requireOwner(index, instance, statuses: [.allocated, .quarantined])
        setStatus(index, .detaching)
        if devices[Int(index)].quarantineReason != nil || devices[Int(index)].quarantinedAt != nil {
            devices[Int(index)].quarantineReason = nil
            devices[Int(index)].quarantinedAt = nil
            markDirty(index)
        }
    }

    /// The detach failed but the guest still holds the device: back to `allocated`.
    public mutating func cancelDetach(_ address: PCIAddress, instance: UUID) throws(PCIDeviceError) {
        let index = try index(of: address)
        try requireOwner(index, instance, statuses: [.detaching])
        setStatus(index, .allocated)
    }

    /// Nobody can vouch for the device (a detach timed out, or drift was found): it stays
    /// owned and is never handed out until `clearQuarantine`. `time` is when it happened
    /// (kept from the first quarantine while the device stays quarantined).
    public mutating func quarantine(_ address: PCIAddress, instance: UUID, reason: String, at time: Date = Date()) throws(PCIDeviceError) {
        let index = try index(of: address)
        try requireOwner(index, instance, statuses: [.allocated, .detaching, .quarantined])
        if devices[Int(index)].status != .quarantined || devices[Int(index)].quarantinedAt == nil {
            devices[Int(index)].quarantinedAt = Self.wholeSeconds(time)
        }
        setStatus(index, .quarantined)
        devices[Int(index)].quarantineReason = reason
        markDirty(index)
    }

    /// A quarantine's time as the ledger keeps it: to the second, so that the stored row
    /// reads back equal to the device in memory.
    static func wholeSeconds(_ time: Date) -> Date {
        Date(timeIntervalSinceReferenceDate: time.timeIntervalSinceReferenceDate.rounded(.down))
    }

    /// An operator or the audit confirmed the device is released: free it.
    public mutating func clearQuarantine(_ address: PCIAddress) throws(PCIDeviceError) {
        let index = try index(of: address)
        let device = devices[Int(index)]
        guard device.status == .quarantined else {
            throw .invalidStatus(host: hostName, address: device.address, status: device.status, expected: [.quarantined])
        }
        try freeDevice(index, instance: nil)
    }

    /// The device left the host (or the device_spec) while free.
    public mutating func remove(_ address: PCIAddress) throws(PCIDeviceError) {
        let index = try index(of: address)
        let device = devices[Int(index)]
        guard [.available, .unclaimable, .unavailable].contains(device.status) else {
            throw .invalidStatus(host: hostName, address: device.address, status: device.status,
                                 expected: [.available, .unclaimable, .unavailable])
        }
        if let owner = device.instanceUUID {
            throw .invalidOwner(host: hostName, address: device.address, owner: owner, expected: owner)
        }
        setStatus(index, .removed)
    }

    // MARK: The rules, by index

    // The hot paths read single fields rather than copying a `PCIDevice` out of the
    // array: a copy retains and releases every string in it, which doubles a claim's cost.

    mutating func claimDevice(_ index: Int32, for instance: UUID) throws(PCIDeviceError) {
        let status = devices[Int(index)].status
        let type = devices[Int(index)].type
        let address = devices[Int(index)].address
        guard status == .available else {
            throw .invalidStatus(host: hostName, address: address, status: status, expected: [.available])
        }
        if type == .physicalFunction {
            // Children that are merely unclaimable/unavailable under a free PF are an
            // inconsistency Nova tolerates (bug 1969496); anything else blocks the claim.
            let blocked = childIndices[Int(index)].contains {
                ![.available, .unclaimable, .unavailable].contains(devices[Int($0)].status)
            }
            if blocked { throw .vfInvalidStatus(host: hostName, pfAddress: address) }
            for child in childIndices[Int(index)] { setStatus(child, .unclaimable) }
        } else if type.isChildFunction, parentIndex[Int(index)] >= 0 {
            let parent = parentIndex[Int(index)]
            let parentStatus = try requireUsableParent(parent, of: address)
            if parentStatus == .available { setStatus(parent, .unclaimable) }
        }
        setStatus(index, .claimed)
        devices[Int(index)].instanceUUID = instance
        own(index, by: instance)
    }

    mutating func allocateDevice(_ index: Int32, for instance: UUID) throws(PCIDeviceError) {
        let status = devices[Int(index)].status
        let type = devices[Int(index)].type
        let address = devices[Int(index)].address
        guard status == .available || status == .claimed else {
            throw .invalidStatus(host: hostName, address: address, status: status, expected: [.available, .claimed])
        }
        if status == .claimed, devices[Int(index)].instanceUUID != instance {
            throw .invalidOwner(host: hostName, address: address, owner: devices[Int(index)].instanceUUID, expected: instance)
        }
        if type == .physicalFunction {
            let blocked = childIndices[Int(index)].contains {
                ![.available, .unclaimable].contains(devices[Int($0)].status)
            }
            if blocked { throw .vfInvalidStatus(host: hostName, pfAddress: address) }
            for child in childIndices[Int(index)] { setStatus(child, .unavailable) }
        } else if type.isChildFunction, parentIndex[Int(index)] >= 0 {
            let parent = parentIndex[Int(index)]
            _ = try requireUsableParent(parent, of: address)
            setStatus(parent, .unavailable)
        }
        let wasOwned = status == .claimed
        setStatus(index, .allocated)
        devices[Int(index)].instanceUUID = instance
        if !wasOwned { own(index, by: instance) }
    }

    mutating func freeDevice(_ index: Int32, instance: UUID?) throws(PCIDeviceError) {
        let status = devices[Int(index)].status
        let type = devices[Int(index)].type
        let owner = devices[Int(index)].instanceUUID
        guard status.isOwned else {
            throw .invalidStatus(host: hostName, address: devices[Int(index)].address, status: status, expected: Self.freeableStatuses)
        }
        if let instance, owner != instance {
            throw .invalidOwner(host: hostName, address: devices[Int(index)].address, owner: owner, expected: instance)
        }
        // Dependants first, then the device itself: the order Nova returns them to pools.
        if type == .physicalFunction {
            for child in childIndices[Int(index)] where !Self.isGone(devices[Int(child)].status) {
                setStatus(child, .available)
            }
        } else if type.isChildFunction, parentIndex[Int(index)] >= 0 {
            let parent = parentIndex[Int(index)]
            let othersFree = childIndices[Int(parent)].allSatisfy {
                $0 == index || devices[Int($0)].status == .available || Self.isGone(devices[Int($0)].status)
            }
            if othersFree { setStatus(parent, .available) }
        }
        setStatus(index, devices[Int(index)].removeWhenFreed ? .removed : .available)
        devices[Int(index)].instanceUUID = nil
        devices[Int(index)].requestID = nil
        if devices[Int(index)].quarantineReason != nil { devices[Int(index)].quarantineReason = nil }
        if devices[Int(index)].quarantinedAt != nil { devices[Int(index)].quarantinedAt = nil }
        if let owner { dropOwnership(index, of: owner) }
    }

    private func requireUsableParent(_ parent: Int32, of child: PCIAddress) throws(PCIDeviceError) -> PCIDeviceStatus {
        let parentStatus = devices[Int(parent)].status
        guard Self.parentUsableStatuses.contains(parentStatus) else {
            throw .pfInvalidStatus(host: hostName, pfAddress: devices[Int(parent)].address, vfAddress: child,
                                   status: parentStatus, expected: Self.parentUsableStatuses)
        }
        return parentStatus
    }

    private mutating func dropOwnership(_ index: Int32, of owner: UUID) {
        // Mutated in place: copying the list out would force a copy-on-write per free.
        if owned[owner]?.remove(index) == false { owned[owner] = nil }
    }

    private func requireOwner(_ index: Int32, _ instance: UUID, statuses: [PCIDeviceStatus]) throws(PCIDeviceError) {
        let device = devices[Int(index)]
        guard statuses.contains(device.status) else {
            throw .invalidStatus(host: hostName, address: device.address, status: device.status, expected: statuses)
        }
        guard device.instanceUUID == instance else {
            throw .invalidOwner(host: hostName, address: device.address, owner: device.instanceUUID, expected: instance)
        }
    }
}
