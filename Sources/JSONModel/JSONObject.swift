/// The members of a JSON object, in the order they were written or inserted.
///
/// The order matters where a text is read back to people: Nova's validation messages print
/// the offending value in the client's key order (as Python's `dict` keeps it), and the
/// benchmark records put `bench` first. Lookups stay O(1): small objects (most request and
/// response objects have a handful of keys) are searched in place, larger ones keep an
/// index from key to position, built once they grow past `indexThreshold`.
///
/// Equality and hashing ignore the order, as they do for a `Dictionary`: two objects with
/// the same members are the same JSON value.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSON)

    /// Up to this many members a linear search beats hashing the key.
    private static let indexThreshold = 8

    public private(set) var keys: [String] = []
    public private(set) var values: [JSON] = []
    /// Position of each key; empty while the object is small enough to search.
    private var positions: [String: Int] = [:]

    public init() {}

    /// `Dictionary`'s `uniqueKeysWithValues`, except that a repeated key keeps its first
    /// position and takes the last value, as a JSON parser (and Python's `dict`) does.
    public init(_ members: some Sequence<(String, JSON)>) {
        for (key, value) in members { self[key] = value }
    }

    /// A dictionary has no order: its keys are taken sorted, so the same dictionary always
    /// renders the same text.
    public init(_ dictionary: [String: JSON]) {
        keys.reserveCapacity(dictionary.count)
        values.reserveCapacity(dictionary.count)
        for key in dictionary.keys.sorted() { append(key, dictionary[key]!) }
    }

    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }

    // MARK: Collection

    public var startIndex: Int { 0 }
    public var endIndex: Int { keys.count }
    public subscript(position: Int) -> Element { (keys[position], values[position]) }

    // MARK: Members

    public subscript(key: String) -> JSON? {
        get { position(of: key).map { values[$0] } }
        set {
            if let index = position(of: key) {
                if let newValue { values[index] = newValue } else { remove(at: index) }
            } else if let newValue {
                append(key, newValue)
            }
        }
    }

    /// Removes `key`'s member and returns its value (`nil` when there was none).
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let index = position(of: key) else { return nil }
        let value = values[index]
        remove(at: index)
        return value
    }

    /// Sets every member of `other`, in its order; existing keys keep their position.
    public mutating func merge(_ other: JSONObject) {
        for (key, value) in other { self[key] = value }
    }

    /// The members for which `isIncluded` holds, in order.
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> JSONObject {
        var kept = JSONObject()
        for member in self where try isIncluded(member) { kept.append(member.key, member.value) }
        return kept
    }

    /// The same keys, in order, with transformed values.
    public func mapValues(_ transform: (JSON) throws -> JSON) rethrows -> JSONObject {
        var mapped = self
        mapped.values = try values.map(transform)
        return mapped
    }

    /// The members whose values `transform` turns into a `T` (metadata into strings, say).
    public func compactMapValues<T>(_ transform: (JSON) throws -> T?) rethrows -> [String: T] {
        var result: [String: T] = [:]
        for (key, value) in self {
            if let transformed = try transform(value) { result[key] = transformed }
        }
        return result
    }

    /// The members as a dictionary, for models that hold one.
    public var dictionary: [String: JSON] {
        Dictionary(zip(keys, values), uniquingKeysWith: { $1 })
    }

    // MARK: Equality

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, as `Dictionary`'s: combine the members' own hashes commutatively.
        var combined = 0
        for (key, value) in self {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            combined ^= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }

    // MARK: Storage

    private func position(of key: String) -> Int? {
        if positions.isEmpty { return keys.firstIndex(of: key) }
        return positions[key]
    }

    private mutating func append(_ key: String, _ value: JSON) {
        keys.append(key)
        values.append(value)
        if !positions.isEmpty {
            positions[key] = keys.count - 1
        } else if keys.count > Self.indexThreshold {
            reindex()
        }
    }

    private mutating func remove(at index: Int) {
        keys.remove(at: index)
        values.remove(at: index)
        positions = [:]
        if keys.count > Self.indexThreshold { reindex() }
    }

    private mutating func reindex() {
        positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
    }
}
