import APICore
import EmbeddedNetwork
import NetworkModel

/// Faults only the HTTP layer raises: body shape and attribute problems, with the
/// messages of Neutron's API layer (`neutron/api/v2/base.py`, neutron-lib validators).
extension NetworkFault {
    static let resourceBodyRequired = NetworkFault.badRequest("Resource body required")

    static let malformedBody = NetworkFault.badRequest("Malformed request body")

    static func missingResource(_ name: String) -> NetworkFault {
        .badRequest("Unable to find '\(name)' in request body")
    }

    static func unrecognized(_ keys: [String]) -> NetworkFault {
        .badRequest("Unrecognized attribute(s) '\(keys.sorted().joined(separator: ", "))'")
    }

    static func notAllowedInPOST(_ key: String) -> NetworkFault {
        .badRequest("Attribute '\(key)' not allowed in POST")
    }

    static func readOnly(_ key: String) -> NetworkFault {
        .badRequest("Cannot update read-only attribute \(key)")
    }

    static func required(_ key: String) -> NetworkFault {
        .badRequest("Failed to parse request. Required attribute '\(key)' not specified")
    }

    /// A body over the request limits (size: 413; JSON depth or keys: 400).
    static func refused(_ refusal: JSONBodyError) -> NetworkFault {
        switch refusal {
        case .tooLarge: NetworkFault(.requestTooLarge, type: "HTTPRequestEntityTooLarge", message: refusal.message)
        case .json: .badRequest(refusal.message)
        }
    }

    static let projectMismatch = NetworkFault.badRequest("'project_id' and 'tenant_id' do not match")
}
