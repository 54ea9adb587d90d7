/// Every failure the compute service reports, already sorted by the HTTP status the API
/// answers with. Messages are Nova's where Nova has one.
public enum ComputeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 400
    case badRequest(String)
    /// 403
    case forbidden(String)
    /// 404
    case notFound(String)
    /// 409
    case conflict(String)
    /// 500; `kind` names the failure class, as Nova's "Unexpected API Error" names it.
    case internalError(String, kind: String? = nil)
    /// 501
    case notImplemented(String)

    public var httpStatus: Int {
        switch self {
        case .badRequest: 400
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .internalError: 500
        case .notImplemented: 501
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let text), .forbidden(let text), .notFound(let text), .conflict(let text),
             .internalError(let text, _), .notImplemented(let text):
            text
        }
    }

    public var description: String { "\(httpStatus): \(message)" }
}
