import NetworkModel

/// Picks addresses from a subnet's allocation pools: the first free one, pools in order,
/// the way Neutron's non-random IPAM hands out addresses.
struct IPAllocator: Sendable {
    var pools: [ClosedRange<IPv4Address>]

    init(pools: [ClosedRange<IPv4Address>]) { self.pools = pools }

    /// The lowest address in any pool that is not in `used`, or `nil` when exhausted.
    func firstFree(excluding used: Set<IPv4Address>) -> IPv4Address? {
        for pool in pools {
            // Only used addresses inside this pool can push the candidate up; walking them
            // in order finds the first gap without visiting every free address. UInt64 so
            // the step past the pool's end cannot overflow.
            var candidate = UInt64(pool.lowerBound.value)
            for address in used.filter({ pool.contains($0) }).map({ UInt64($0.value) }).sorted() {
                if address > candidate { break }
                candidate = address + 1
            }
            if candidate <= UInt64(pool.upperBound.value) { return IPv4Address(UInt32(candidate)) }
        }
        return nil
    }

    func inPool(_ address: IPv4Address) -> Bool { pools.contains { $0.contains(address) } }
}
