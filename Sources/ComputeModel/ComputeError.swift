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
    /// The message is shown to the client; `cause` (the underlying error: SQL, libvirt's
    /// text with its paths, a Swift error) is for the log only, never for an answer.
    case internalError(String, kind: String? = nil, cause: String? = nil)
    /// 501
    case notImplemented(String)
    /// The caller's task was cancelled (its client went away); nobody reads the answer.
    case cancelled

    public var httpStatus: Int {
        switch self {
        case .badRequest: 400
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .internalError: 500
        case .notImplemented: 501
        case .cancelled: 499
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let text), .forbidden(let text), .notFound(let text), .conflict(let text),
             .internalError(let text, _, _), .notImplemented(let text):
            text
        case .cancelled: "The client closed the connection before the answer."
        }
    }

    /// The underlying error of a 500, for the log.
    public var cause: String? {
        if case .internalError(_, _, let cause) = self { return cause }
        return nil
    }

    /// For logs: the message and, for a 500, its cause.
    public var description: String {
        cause.map { "\(httpStatus): \(message) (cause: \($0))" } ?? "\(httpStatus): \(message)"
    }
}
