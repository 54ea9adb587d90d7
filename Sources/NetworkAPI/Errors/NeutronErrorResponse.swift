import APICore
import EmbeddedNetwork
import Hummingbird
import NetworkModel

/// Neutron's error body: `{"NeutronError": {"type": …, "message": …, "detail": ""}}`, with
/// the fault's status.
public enum NeutronErrorResponse {
    static func response(for fault: NetworkFault) -> Response {
        response(status: fault.status.rawValue, type: fault.type, message: fault.message)
    }

    /// A request refused by `RequestLimits` before routing, named as webob names the
    /// HTTP errors Neutron's server raises.
    public static func response(for refusal: RequestRefusal) -> Response {
        let type = switch refusal.status {
        case 404: "HTTPNotFound"
        case 413: "HTTPRequestEntityTooLarge"
        case 414: "HTTPRequestURITooLong"
        case 431: "HTTPRequestHeaderFieldsTooLarge"
        default: "HTTPBadRequest"
        }
        return response(status: refusal.status, type: type, message: refusal.message)
    }

    static func response(status: Int, type: String, message: String) -> Response {
        Response.json(
            ["NeutronError": ["type": .string(type), "message": .string(message), "detail": ""]],
            status: HTTPResponse.Status(code: status)
        )
    }
}
