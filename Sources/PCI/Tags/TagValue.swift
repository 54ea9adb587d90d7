/// A value on either side of a spec match: a device_spec tag, a pool key, or a value in a
/// PCI request's spec. Kept typed (rather than stringly) because Nova compares a JSON
/// `null` physnet differently from the string "null" and an integer NUMA node differently
/// from a string.
public enum TagValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String].self) {
            self = .list(value)
        } else if let value = try? container.decode(Double.self) {
            self = .string(String(value))
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a string, number, boolean, null or list of strings")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .list(let value): try container.encode(value)
        }
    }

    /// The value as Nova's matcher sees it: strings lower-cased on both sides, so that a
    /// port's `'True'` matches an operator's `'true'`.
    var matchForm: TagValue {
        switch self {
        case .string(let value): .string(value.lowercased())
        case .list(let values): .list(values.map { $0.lowercased() })
        default: self
        }
    }

    /// The text a tag would print as (`null` for a JSON null).
    public var description: String {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .list(let values): "[" + values.joined(separator: ", ") + "]"
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
