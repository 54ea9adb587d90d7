import APICore

/// `?fields=id&fields=name`: Neutron returns only the asked attributes (unknown ones are
/// simply absent).
struct FieldSelection {
    var fields: Set<String>?

    func apply(_ object: [String: JSON]) -> JSON {
        guard let fields else { return .object(object) }
        return .object(object.filter { fields.contains($0.key) })
    }
}
