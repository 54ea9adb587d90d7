/// The free devices that share one `PoolKey`, kept in Nova's order: appended as they
/// become free, taken from the end (so the highest address of a fresh pool goes first,
/// and a device just freed is the next one handed out).
///
/// The list is intrusive: links live in the engine's per-device arrays, so adding, taking
/// and removing any device are O(1) and the pool never scans its members.
struct DevicePool: Sendable {
    let key: PoolKey
    /// The key with strings lower-cased, for spec matching.
    let matchKey: [String: TagValue]
    /// Nova sorts pools by their number of keys, fewest first.
    let keyCount: Int
    var head: Int32 = -1
    var tail: Int32 = -1
    var count = 0
    /// When the pool last went from empty to non-empty: Nova drops empty pools and
    /// re-creates them at the end of their group, which this reproduces.
    var sequence = 0
    /// The candidate tiers this pool belongs to.
    var tiers: [Int32] = []

    init(key: PoolKey) {
        self.key = key
        self.matchKey = key.properties.mapValues(\.matchForm)
        self.keyCount = key.properties.count
    }
}
