import Foundation

/// The PCI ledger of one host as a pure value: tracked devices with their statuses and
/// owners, the pools of free devices, and the rules that move devices between them.
///
/// Every decision (which device a request gets, whether a transition is allowed, which
/// parents and children follow) is made here, synchronously and without I/O; callers
/// persist what `drainChanges()` returns. Claims cost O(1) in the size of the inventory:
/// pools are intrusive lists, and each request shape has cached candidate tiers that know
/// their first non-empty pool.
public struct PCIClaimEngine: Sendable {
    public let hostName: String
    public let hostNUMA: HostNUMATopology

    /// In address order. Index = the device's identity inside the engine.
    var devices: [PCIDevice]
    var indexByAddress: [PCIAddress: Int32]
    var parentIndex: [Int32]
    var childIndices: [[Int32]]
    var poolOf: [Int32]
    var poolNext: [Int32]
    var poolPrevious: [Int32]
    var pools: [DevicePool]
    var nextPoolSequence = 0

    var tiers: [CandidateTier] = []
    var tierByMembers: [[Int32]: Int32] = [:]
    var chains: [RequestShape: [Int32]] = [:]

    /// Devices each instance owns (claimed, allocated, detaching or quarantined).
    var owned: [UUID: OwnedDevices] = [:]

    var dirty: [Int32] = []
    var isDirty: [Bool]

    /// Builds the ledger from tracked devices (statuses and owners as stored). Devices
    /// that are `available` join their pools in address order.
    public init(hostName: String, hostNUMA: HostNUMATopology = .none, devices: [PCIDevice]) {
        self.hostName = hostName
        self.hostNUMA = hostNUMA
        let sorted = devices.sorted { $0.address < $1.address }
        self.devices = sorted
        let count = sorted.count
        indexByAddress = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.address, Int32($0)) })
        parentIndex = Array(repeating: -1, count: count)
        childIndices = Array(repeating: [], count: count)
        poolOf = Array(repeating: -1, count: count)
        poolNext = Array(repeating: -1, count: count)
        poolPrevious = Array(repeating: -1, count: count)
        isDirty = Array(repeating: false, count: count)
        pools = []

        // The parent/child tree skips removed devices, as Nova's `_build_device_tree`.
        for (index, device) in sorted.enumerated() where device.type.isChildFunction {
            guard let parentAddress = device.parentAddress, let parent = indexByAddress[parentAddress],
                  sorted[Int(parent)].type == .physicalFunction,
                  !Self.isGone(device.status), !Self.isGone(sorted[Int(parent)].status)
            else { continue }
            parentIndex[index] = parent
            childIndices[Int(parent)].append(Int32(index))
        }

        var poolByKey: [PoolKey: Int32] = [:]
        var order: [Int32] = []
        for (index, device) in sorted.enumerated() where !Self.isGone(device.status) {
            let key = PoolKey(device: device)
            if let pool = poolByKey[key] {
                poolOf[index] = pool
            } else {
                let pool = Int32(pools.count)
                pools.append(DevicePool(key: key))
                poolByKey[key] = pool
                order.append(pool)
                poolOf[index] = pool
            }
            if device.status == .available { poolPush(Int32(index)) }
            if let owner = device.instanceUUID, device.status.isOwned { own(Int32(index), by: owner) }
        }
        // Nova keeps pools sorted by key count, stable in creation order.
        for (rank, pool) in order.enumerated() { pools[Int(pool)].sequence = rank }
        nextPoolSequence = order.count
    }

    static func isGone(_ status: PCIDeviceStatus) -> Bool { status == .removed || status == .deleted }

    // MARK: Reading the ledger

    /// Every tracked device, in address order.
    public var allDevices: [PCIDevice] { devices }

    public func device(at address: PCIAddress) -> PCIDevice? {
        indexByAddress[address].map { devices[Int($0)] }
    }

    /// The devices an instance owns, in the order it got them.
    public func devices(ownedBy instance: UUID) -> [PCIDevice] {
        owned[instance].map { $0.map { devices[Int($0)] } } ?? []
    }

    /// Free devices per pool, in Nova's pool order (fewest keys first).
    public var poolSummaries: [(key: PoolKey, free: Int)] {
        pools.indices.sorted { (pools[$0].keyCount, pools[$0].sequence) < (pools[$1].keyCount, pools[$1].sequence) }
            .map { (pools[$0].key, pools[$0].count) }
    }

    /// Devices whose status, owner or request changed since the last call: what the store
    /// must write in the transaction of the operation that changed them.
    public mutating func drainChanges() -> [PCIDevice] {
        let changed = dirty.sorted().map { devices[Int($0)] }
        for index in dirty { isDirty[Int(index)] = false }
        dirty.removeAll(keepingCapacity: true)
        return changed
    }

    func index(of address: PCIAddress) throws(PCIDeviceError) -> Int32 {
        guard let index = indexByAddress[address] else { throw .notFound(host: hostName, address: address) }
        return index
    }

    mutating func own(_ index: Int32, by owner: UUID) {
        if owned[owner] == nil {
            owned[owner] = OwnedDevices(index)
        } else {
            owned[owner]?.append(index)
        }
    }

    mutating func markDirty(_ index: Int32) {
        if !isDirty[Int(index)] {
            isDirty[Int(index)] = true
            dirty.append(index)
        }
    }
}
