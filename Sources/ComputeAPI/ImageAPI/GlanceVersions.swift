import JSONModel

/// Glance's version list: the current v2 minor and the earlier ones clients may ask for,
/// each linking to `<root>/v2/`.
enum GlanceVersions {
    /// Glance 2023.2 and later report v2.16 as current.
    static let current = "v2.16"
    static let supported = ["v2.15", "v2.9", "v2.7", "v2.6", "v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0"]

    static func document(root: String) -> JSON {
        let link: JSON = [["rel": "self", "href": .string(root + "/v2/")]]
        let entries = [(current, "CURRENT")] + supported.map { ($0, "SUPPORTED") }
        return ["versions": .array(entries.map { id, status in ["id": .string(id), "status": .string(status), "links": link] })]
    }
}
