import AsyncHTTPClient
import JSONModel
import NetworkModel

/// Neutron's answers and transport failures as `NetworkError`s, in the terms Nova's
/// neutronclient wrapper uses (nova-behavior §1.4, §5.3): 404 names the resource that is
/// missing, 409 is a conflict (PortInUse, MacAddressInUse), 400 a refused input, and
/// everything the caller cannot fix — 401/403 (the service's own credentials), 5xx, an
/// answer that is not Neutron's — makes the network unavailable.
enum NeutronErrorMapping {
    /// What a request was about, so a 404 can say which resource is missing.
    enum Resource: Sendable, Hashable {
        case port(String)
        case network(String)
        case portList
    }

    static func error(status: Int, body: JSON?, resource: Resource, call: String) -> NetworkError {
        let detail = message(in: body) ?? "HTTP \(status)"
        switch (status, resource) {
        // "The port does not exist" lets a release count the port as unbound (nothing in
        // Neutron can name the device through it any more: a port's binding goes with it,
        // and its UUID is never given to another port). So only Neutron's own PortNotFound
        // says it; any other 404 (a proxy, a wrong endpoint path) proves nothing.
        case (404, .port(let id)) where type(in: body) == "PortNotFound": return .portNotFound(id)
        case (404, .port(let id)):
            return .unavailable("Neutron answered \(call) with HTTP 404 but not PortNotFound, so whether port \(id) exists is unknown: \(detail)")
        case (404, .network(let id)): return .networkNotFound(id)
        case (409, _): return .conflict(detail)
        case (400, _), (404, _), (413, _), (422, _): return .badRequest("Neutron refused \(call): \(detail)")
        case (401, _), (403, _):
            return .unavailable("Neutron refused the compute service's credentials on \(call) (HTTP \(status)): \(detail)")
        default:
            return .unavailable("Neutron failed \(call) with HTTP \(status): \(detail)")
        }
    }

    /// The exception class Neutron names in `{"NeutronError": {"type": …}}`.
    static func type(in body: JSON?) -> String? {
        body?["NeutronError"]?["type"]?.stringValue
    }

    /// `{"NeutronError": {"type", "message", "detail"}}`, or webob's `{"message": …}`.
    static func message(in body: JSON?) -> String? {
        if let neutron = body?["NeutronError"] {
            if let text = neutron["message"]?.stringValue, !text.isEmpty { return text }
            if let text = neutron.stringValue, !text.isEmpty { return text }
        }
        if let text = body?["message"]?.stringValue, !text.isEmpty { return text }
        return nil
    }

    /// A request that got no answer. Deadlines become `timedOut` (the request may have
    /// been applied); anything else happened before a request could be sent.
    static func transportError(_ error: any Error, call: String, endpoint: String, timeout: Duration) -> NetworkError {
        if let client = error as? HTTPClientError, [.deadlineExceeded, .readTimeout, .writeTimeout].contains(client) {
            return .timedOut("Neutron at \(endpoint) did not answer \(call) within \(timeout)")
        }
        if let client = error as? HTTPClientError, client == .remoteConnectionClosed {
            // The server hung up mid-request: like a timeout, the update may have landed.
            return .timedOut("Neutron at \(endpoint) closed the connection during \(call)")
        }
        if let client = error as? HTTPClientError, client == .connectTimeout {
            return .unreachable("Neutron at \(endpoint) did not accept a connection for \(call) within \(timeout)")
        }
        return .unreachable("Neutron at \(endpoint) could not be reached for \(call): \(error)")
    }
}
