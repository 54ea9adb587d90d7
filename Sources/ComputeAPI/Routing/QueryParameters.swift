import JSONModel
import Foundation

/// A request's query string as webob reads it: every parameter may repeat, values are
/// percent-decoded with `+` as a space, and blank values are kept (`?all_tenants` means
/// "all tenants" to Nova).
struct QueryParameters: Sendable, Hashable {
    private(set) var items: [(name: String, value: String)]

    init(query: String?) {
        items = []
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            items.append((name, value))
        }
    }

    /// The last value of a parameter, as `req.params.get` gives it.
    subscript(_ name: String) -> String? {
        items.last { $0.name == name }?.value
    }

    /// Every value of a parameter, in order.
    func all(_ name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    func has(_ name: String) -> Bool {
        items.contains { $0.name == name }
    }

    /// The distinct parameter names, in first-seen order.
    var names: [String] {
        var seen = Set<String>()
        return items.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The parameters as JSON, one array of strings per name: the shape Nova validates
    /// query strings in.
    var json: JSON {
        .object(JSONObject(names.map { name in (name, .array(all(name).map(JSON.string))) }))
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.items.elementsEqual(rhs.items) { $0 == $1 }
    }

    func hash(into hasher: inout Hasher) {
        for item in items {
            hasher.combine(item.name)
            hasher.combine(item.value)
        }
    }
}
