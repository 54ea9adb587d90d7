import Foundation
import JSONModel
import NetworkModel

/// Typed reads from one resource of a Neutron answer (`{"port": {…}}`'s inner object).
/// Neutron always writes the attributes read with `required`; a missing or mistyped one
/// means the endpoint is not a Neutron the service can use, and the error names it.
struct NeutronFields {
    let resource: String
    let object: JSONObject

    init(_ resource: String, _ json: JSON?) throws(NetworkError) {
        guard let object = json?.objectValue else {
            throw .unavailable("Neutron's answer has no '\(resource)' object")
        }
        self.resource = resource
        self.object = object
    }

    func required(_ key: String) throws(NetworkError) -> String {
        guard let text = object[key]?.stringValue else {
            throw .unavailable("Neutron's \(resource) has no string '\(key)' (got \(object[key]?.typeName ?? "nothing"))")
        }
        return text
    }

    /// A string that Neutron may write as `null` or leave out (e.g. `binding:host_id`
    /// for a non-admin caller): `""` then.
    func string(_ key: String) -> String { object[key]?.stringValue ?? "" }

    func optionalString(_ key: String) -> String? { object[key]?.stringValue }

    func bool(_ key: String, default value: Bool) -> Bool { object[key]?.boolValue ?? value }

    func int(_ key: String) -> Int? { object[key]?.intValue }

    /// `binding:profile` and `binding:vif_details`: an object, `{}` when null or absent.
    func dictionary(_ key: String) -> [String: JSON] { object[key]?.objectValue?.dictionary ?? [:] }

    func array(_ key: String) -> [JSON] { object[key]?.arrayValue ?? [] }

    /// Neutron's `created_at`/`updated_at` (`2026-11-25T10:00:00Z`); the epoch if absent.
    func date(_ key: String) -> Date {
        guard let text = object[key]?.stringValue else { return Date(timeIntervalSince1970: 0) }
        return (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }
}
