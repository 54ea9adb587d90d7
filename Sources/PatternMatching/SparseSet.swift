/// A set of instruction indices below a fixed capacity with O(1) insert, membership and
/// clearing (Briggs and Torczon's sparse set). The matcher clears one per text position,
/// so clearing must not cost the capacity.
struct SparseSet {
    private var dense: [Int]
    private var sparse: [Int]
    private(set) var count = 0

    init(capacity: Int) {
        dense = Array(repeating: 0, count: capacity)
        sparse = Array(repeating: 0, count: capacity)
    }

    var isEmpty: Bool { count == 0 }

    /// The members, in insertion order.
    var elements: ArraySlice<Int> { dense[..<count] }

    func contains(_ element: Int) -> Bool {
        let slot = sparse[element]
        return slot < count && dense[slot] == element
    }

    /// Inserts the element; false if it was already there.
    mutating func insert(_ element: Int) -> Bool {
        guard !contains(element) else { return false }
        dense[count] = element
        sparse[element] = count
        count += 1
        return true
    }

    mutating func removeAll() {
        count = 0
    }
}
