import NetworkModel

/// A failure of the embedded backend in Neutron's terms: the HTTP status, Neutron's
/// exception class name (`type`) and its message, so the HTTP layer can answer exactly as
/// Neutron would (`{"NeutronError": {"type", "message", "detail"}}`).
public struct NetworkFault: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Status: Int, Sendable, Hashable {
        case badRequest = 400
        case forbidden = 403
        case notFound = 404
        case conflict = 409
        case requestTooLarge = 413
        case internalError = 500
        case serviceUnavailable = 503
    }

    public var status: Status
    /// Neutron's exception class name, e.g. `PortNotFound`, `InvalidInput`, `HTTPBadRequest`.
    public var type: String
    public var message: String
    /// The port or network a not-found fault is about, so `networkError` can give the
    /// compute side the typed case with the id.
    public var resourceID: String?

    public init(_ status: Status, type: String, message: String, resourceID: String? = nil) {
        self.status = status
        self.type = type
        self.message = message
        self.resourceID = resourceID
    }

    public var description: String { message }

    /// The `NetworkService` view of this fault.
    public var networkError: NetworkError {
        switch (status, type) {
        case (.notFound, "PortNotFound"): .portNotFound(resourceID ?? message)
        case (.notFound, "NetworkNotFound"): .networkNotFound(resourceID ?? message)
        case (.notFound, _), (.badRequest, _), (.forbidden, _), (.requestTooLarge, _): .badRequest(message)
        case (.conflict, _): .conflict(message)
        case (.internalError, _), (.serviceUnavailable, _): .unavailable(message)
        }
    }
}
