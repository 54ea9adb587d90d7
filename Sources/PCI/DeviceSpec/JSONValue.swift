import Foundation

/// A parsed JSON document, kept loose so that device_spec validation can say exactly which
/// field has which wrong shape instead of failing in a decoder.
enum JSONValue: Sendable, Hashable, Decodable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// A compact rendering for messages (keys sorted, so messages are stable).
    var rendered: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .array(let values): "[" + values.map(\.rendered).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value.rendered)" }
                .joined(separator: ", ") + "}"
        }
    }

    /// The value as a tag, or `nil` when it has no tag form (a nested object).
    var tagValue: TagValue? {
        switch self {
        case .string(let value): .string(value)
        case .int(let value): .int(value)
        case .double(let value): .string(String(value))
        case .bool(let value): .bool(value)
        case .null: .null
        case .array(let values):
            .list(values.map { if case .string(let text) = $0 { text } else { $0.rendered } })
        case .object: nil
        }
    }
}
