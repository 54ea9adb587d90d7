/// Nova's `pci_device_prop_match`: a request spec is a list of alternatives; one matches
/// when each of its keys equals the pool's value (strings case-insensitively, a missing
/// pool key reading as null, a list being a subset of the pool's list).
enum SpecMatcher {
    /// Keys that only Placement uses; never compared against pools.
    static let ignoredKeys: Set<String> = ["resource_class", "traits", "rp_uuids"]

    static func matches(_ spec: RequestSpecKey, pool: [String: TagValue]) -> Bool {
        spec.alternatives.contains { alternative in
            alternative.allSatisfy { entry in
                if ignoredKeys.contains(entry.key) { return true }
                let poolValue = pool[entry.key] ?? .null
                if case .list(let wanted) = entry.value, case .list(let have) = poolValue {
                    return wanted.allSatisfy(have.contains)
                }
                return poolValue == entry.value
            }
        }
    }
}
