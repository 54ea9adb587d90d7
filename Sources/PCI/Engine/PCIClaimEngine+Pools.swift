/// Pool membership follows status alone: a tracked device is in its pool exactly while it
/// is `available`. `setStatus` is the one place that keeps the two in step.
extension PCIClaimEngine {
    mutating func setStatus(_ index: Int32, _ status: PCIDeviceStatus) {
        let old = devices[Int(index)].status
        guard old != status else { return }
        devices[Int(index)].status = status
        markDirty(index)
        if old == .available {
            poolRemove(index)
        } else if status == .available {
            poolPush(index)
        }
    }

    /// Appends a device at the end of its pool (Nova's `add_device`).
    mutating func poolPush(_ index: Int32) {
        let pool = poolOf[Int(index)]
        guard pool >= 0 else { return }
        let p = Int(pool)
        let tail = pools[p].tail
        poolPrevious[Int(index)] = tail
        poolNext[Int(index)] = -1
        if tail >= 0 { poolNext[Int(tail)] = index } else { pools[p].head = index }
        pools[p].tail = index
        pools[p].count += 1
        let becameNonEmpty = pools[p].count == 1
        if becameNonEmpty {
            pools[p].sequence = nextPoolSequence
            nextPoolSequence += 1
        }
        for tier in pools[p].tiers {
            tiers[Int(tier)].deviceAdded(to: pool, poolBecameNonEmpty: becameNonEmpty)
        }
    }

    /// Takes a device out of its pool, wherever it sits.
    mutating func poolRemove(_ index: Int32) {
        let pool = poolOf[Int(index)]
        guard pool >= 0 else { return }
        let p = Int(pool)
        let previous = poolPrevious[Int(index)]
        let next = poolNext[Int(index)]
        if previous >= 0 { poolNext[Int(previous)] = next } else { pools[p].head = next }
        if next >= 0 { poolPrevious[Int(next)] = previous } else { pools[p].tail = previous }
        poolNext[Int(index)] = -1
        poolPrevious[Int(index)] = -1
        pools[p].count -= 1
        let becameEmpty = pools[p].count == 0
        for tier in pools[p].tiers {
            tiers[Int(tier)].deviceRemoved(from: pool, poolBecameEmpty: becameEmpty)
        }
    }
}
