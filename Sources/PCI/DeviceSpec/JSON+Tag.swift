import JSONModel

extension JSON {
    /// The value as a device_spec tag, or `nil` when it has no tag form (a nested object).
    var tagValue: TagValue? {
        switch self {
        case .string(let value): .string(value)
        case .int(let value): .int(value)
        case .number(let value): .string(String(value))
        case .bool(let value): .bool(value)
        case .null: .null
        case .array(let values):
            .list(values.map { if case .string(let text) = $0 { text } else { $0.rendered } })
        case .object: nil
        }
    }
}
