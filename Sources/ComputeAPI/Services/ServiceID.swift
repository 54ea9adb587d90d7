import ComputeModel
import Foundation
import JSONModel

/// A compute service's id as Nova shows it (the same for the host's hypervisor: one per
/// host): the integer before microversion 2.53, the uuid from it.
enum ServiceID {
    static func json(of host: ComputeHost, version: Microversion) -> JSON {
        version.supports(.v2(53)) ? .string(host.id.lowercasedString) : .int(host.number)
    }

    /// The id as text (a paging marker).
    static func text(of host: ComputeHost, version: Microversion) -> String {
        version.supports(.v2(53)) ? host.id.lowercasedString : String(host.number)
    }

    /// Whether `text` names `host` at `version` (a uuid in any of the spellings Nova
    /// accepts, or the integer).
    static func matches(_ text: String, _ host: ComputeHost, version: Microversion) -> Bool {
        if version.supports(.v2(53)) { return UUID.fromUUIDLike(text) == host.id }
        return Int(text) == host.number
    }
}
