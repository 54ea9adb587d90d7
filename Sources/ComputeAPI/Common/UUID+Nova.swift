import Foundation

extension UUID {
    /// Nova writes UUIDs in lower case.
    var lowercasedString: String { uuidString.lowercased() }

    /// A UUID from any spelling `is_uuid_like` accepts (braces, `urn:uuid:`, upper case,
    /// hyphens anywhere).
    static func fromUUIDLike(_ text: String) -> UUID? {
        guard SchemaFormat.isUUIDLike(text) else { return nil }
        var hex = text.replacing("urn:", with: "").replacing("uuid:", with: "").replacing("-", with: "")
        hex.removeAll { $0 == "{" || $0 == "}" }
        let chars = Array(hex.lowercased())
        let canonical = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
        return UUID(uuidString: canonical)
    }
}
