import APICore
import EmbeddedNetwork
import NetworkModel

/// The attributes of one resource in a POST or PUT body (`{"port": {...}}`), with typed
/// readers whose failures name the attribute as Neutron's validators do.
struct ResourceBody {
    /// Which attributes a request may carry, and which are refused as read-only.
    struct Schema {
        var allowed: Set<String>
        /// Known attributes the client may not set in this request (POST: "not allowed in
        /// POST"; PUT: "Cannot update read-only attribute").
        var readOnly: Set<String>
    }

    enum Method { case post, put }

    let attributes: JSONObject

    /// Unwraps `body[resource]` and checks every key against `schema`.
    static func parse(_ body: Result<JSON?, JSONBodyError>, resource: String, schema: Schema, method: Method)
        throws(NetworkFault) -> ResourceBody
    {
        let json: JSON?
        switch body {
        case .success(let parsed): json = parsed
        case .failure(.json(.malformed)): throw .malformedBody
        case .failure(let refusal): throw .refused(refusal)
        }
        guard let json else { throw .resourceBodyRequired }
        guard let attributes = json[resource]?.objectValue else { throw .missingResource(resource) }
        let unknown = attributes.keys.filter { !schema.allowed.contains($0) && !schema.readOnly.contains($0) }
        if !unknown.isEmpty { throw .unrecognized(unknown) }
        if let key = attributes.keys.sorted().first(where: schema.readOnly.contains) {
            throw method == .post ? .notAllowedInPOST(key) : .readOnly(key)
        }
        return ResourceBody(attributes: attributes)
    }

    func has(_ key: String) -> Bool { attributes[key] != nil }

    /// A present, non-null value.
    func value(_ key: String) -> JSON? {
        guard let value = attributes[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String) throws(NetworkFault) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else { throw .invalidAttribute(key, reason: "\(Self.show(value)) is not a valid string") }
        return text
    }

    func requiredString(_ key: String) throws(NetworkFault) -> String {
        guard let text = try string(key) else { throw .required(key) }
        return text
    }

    /// neutron-lib's `convert_to_boolean`: booleans, "true"/"false" in any case, 0 and 1.
    func bool(_ key: String) throws(NetworkFault) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .int(0): return false
        case .int(1): return true
        case .string(let text) where text.lowercased() == "true": return true
        case .string(let text) where text.lowercased() == "false": return false
        default: throw .invalidAttribute(key, reason: "\(Self.show(value)) cannot be converted to boolean")
        }
    }

    /// neutron-lib's `convert_to_int`: integers and decimal strings.
    func int(_ key: String) throws(NetworkFault) -> Int? {
        guard let value = value(key) else { return nil }
        if let number = value.intValue { return number }
        if let text = value.stringValue, let number = Int(text) { return number }
        throw .invalidAttribute(key, reason: "\(Self.show(value)) is not an integer")
    }

    /// A dictionary; `null` reads as `[:]` (`convert_none_to_empty_dict`).
    func object(_ key: String) throws(NetworkFault) -> [String: JSON]? {
        guard let value = attributes[key] else { return nil }
        if value == .null { return [:] }
        guard let object = value.objectValue else { throw .invalidAttribute(key, reason: "\(Self.show(value)) is not a dictionary") }
        return object.dictionary
    }

    func stringList(_ key: String) throws(NetworkFault) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let items = value.arrayValue else { throw .invalidAttribute(key, reason: "\(Self.show(value)) is not a list") }
        var strings: [String] = []
        for item in items {
            guard let text = item.stringValue else {
                throw .invalidAttribute(key, reason: "\(Self.show(item)) is not a valid string")
            }
            strings.append(text)
        }
        return strings
    }

    /// `tenant_id` and `project_id` name the same thing; both given must agree.
    func projectID() throws(NetworkFault) -> String? {
        let project = try string("project_id")
        let tenant = try string("tenant_id")
        if let project, let tenant, project != tenant { throw .projectMismatch }
        return project ?? tenant
    }

    /// Neutron quotes the offending value: `'abc'`, `'5'`.
    static func show(_ value: JSON) -> String {
        "'\(value.stringValue ?? value.rendered)'"
    }
}
