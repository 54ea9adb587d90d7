/// The devices one instance owns, in the order it got them. Most instances own one or two,
/// so the first is kept inline: claiming for a new instance allocates nothing.
struct OwnedDevices: Sendable, Sequence {
    private var first: Int32
    private var rest: [Int32] = []

    init(_ index: Int32) {
        first = index
    }

    mutating func append(_ index: Int32) {
        rest.append(index)
    }

    /// Removes `index`; returns false when it was the last one (the entry should go).
    mutating func remove(_ index: Int32) -> Bool {
        if first == index {
            guard !rest.isEmpty else { return false }
            first = rest.removeFirst()
        } else if let position = rest.firstIndex(of: index) {
            rest.remove(at: position)
        }
        return true
    }

    /// Iterates a snapshot, so callers may change ownership while they walk it.
    struct Iterator: IteratorProtocol {
        let owned: OwnedDevices
        var position = 0

        mutating func next() -> Int32? {
            defer { position += 1 }
            if position == 0 { return owned.first }
            return position - 1 < owned.rest.count ? owned.rest[position - 1] : nil
        }
    }

    func makeIterator() -> Iterator {
        Iterator(owned: self)
    }
}
