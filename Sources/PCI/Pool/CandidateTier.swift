/// A fixed set of pools that may serve one kind of request (after spec, device type and
/// one NUMA stage), with its non-empty members linked in Nova's pool order and its free
/// total kept current. Finding the device to hand out is then O(1), whatever the size of
/// the inventory.
struct CandidateTier: Sendable {
    struct Group: Sendable {
        let keyCount: Int
        var head: Int32 = -1
        var tail: Int32 = -1
    }

    /// The member pools, in pool-id order; identifies the tier for de-duplication.
    let members: [Int32]
    private(set) var groups: [Group]
    private var groupOfPool: [Int32]
    private var next: [Int32]
    private var previous: [Int32]
    private var linked: [Bool]
    private(set) var freeCount = 0

    init(members: [Int32], pools: [DevicePool]) {
        self.members = members
        let keyCounts = Set(members.map { pools[Int($0)].keyCount }).sorted()
        groups = keyCounts.map { Group(keyCount: $0) }
        groupOfPool = Array(repeating: -1, count: pools.count)
        next = Array(repeating: -1, count: pools.count)
        previous = Array(repeating: -1, count: pools.count)
        linked = Array(repeating: false, count: pools.count)
        for pool in members {
            groupOfPool[Int(pool)] = Int32(keyCounts.firstIndex(of: pools[Int(pool)].keyCount)!)
        }
        // Link the pools that already hold devices, in their current global order.
        let nonEmpty = members.filter { pools[Int($0)].count > 0 }
            .sorted { pools[Int($0)].sequence < pools[Int($1)].sequence }
        for pool in nonEmpty {
            link(pool)
            freeCount += pools[Int(pool)].count
        }
    }

    /// The first non-empty pool in Nova's order.
    var firstPool: Int32? {
        for group in groups where group.head >= 0 { return group.head }
        return nil
    }

    mutating func deviceAdded(to pool: Int32, poolBecameNonEmpty: Bool) {
        freeCount += 1
        if poolBecameNonEmpty { link(pool) }
    }

    mutating func deviceRemoved(from pool: Int32, poolBecameEmpty: Bool) {
        freeCount -= 1
        if poolBecameEmpty { unlink(pool) }
    }

    private mutating func link(_ pool: Int32) {
        let p = Int(pool)
        guard !linked[p] else { return }
        let g = Int(groupOfPool[p])
        linked[p] = true
        next[p] = -1
        previous[p] = groups[g].tail
        if groups[g].tail >= 0 { next[Int(groups[g].tail)] = pool } else { groups[g].head = pool }
        groups[g].tail = pool
    }

    private mutating func unlink(_ pool: Int32) {
        let p = Int(pool)
        guard linked[p] else { return }
        let g = Int(groupOfPool[p])
        linked[p] = false
        if previous[p] >= 0 { next[Int(previous[p])] = next[p] } else { groups[g].head = next[p] }
        if next[p] >= 0 { previous[Int(next[p])] = previous[p] } else { groups[g].tail = previous[p] }
        next[p] = -1
        previous[p] = -1
    }
}
