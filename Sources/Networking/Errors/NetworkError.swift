/// What `NetworkService` callers (the compute manager) see. The embedded backend maps
/// its `NetworkFault`s onto these; a Neutron client maps HTTP statuses the same way.
public enum NetworkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// "Port <id> could not be found."
    case portNotFound(String)
    /// "Network <id> could not be found."
    case networkNotFound(String)
    /// The port or its MAC is in use, or the request conflicts with the current state.
    case conflict(String)
    case badRequest(String)
    /// The backend is unreachable or failed (5xx).
    case unavailable(String)

    public var description: String {
        switch self {
        case .portNotFound(let id): "Port \(id) could not be found."
        case .networkNotFound(let id): "Network \(id) could not be found."
        case .conflict(let message), .badRequest(let message), .unavailable(let message): message
        }
    }
}
