import APICore
import Hummingbird
import Networking

/// Neutron's error body: `{"NeutronError": {"type": …, "message": …, "detail": ""}}`, with
/// the fault's status.
enum NeutronErrorResponse {
    static func response(for fault: NetworkFault) -> Response {
        Response.json(
            ["NeutronError": ["type": .string(fault.type), "message": .string(fault.message), "detail": ""]],
            status: HTTPResponse.Status(code: fault.status.rawValue)
        )
    }
}
