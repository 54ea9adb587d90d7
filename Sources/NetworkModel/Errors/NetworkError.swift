/// What `NetworkService` callers (the compute manager) see. The embedded backend maps
/// its `NetworkFault`s onto these; the Neutron client maps HTTP statuses and transport
/// failures onto them (`NeutronErrorMapping`).
public enum NetworkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// "Port <id> could not be found."
    case portNotFound(String)
    /// "Network <id> could not be found."
    case networkNotFound(String)
    /// The port or its MAC is in use, or the request conflicts with the current state.
    case conflict(String)
    case badRequest(String)
    /// The backend answered with a failure (5xx), refused the service's credentials, or
    /// answered something that is not a Neutron resource.
    case unavailable(String)
    /// The backend did not answer within the configured timeout. The request may or may
    /// not have been applied.
    case timedOut(String)
    /// No connection could be made (refused, unresolvable host): nothing was applied.
    case unreachable(String)

    public var description: String {
        switch self {
        case .portNotFound(let id): "Port \(id) could not be found."
        case .networkNotFound(let id): "Network \(id) could not be found."
        case .conflict(let message), .badRequest(let message), .unavailable(let message), .timedOut(let message),
            .unreachable(let message):
            message
        }
    }
}
