import ComputeModel

/// An error answer of the compute API: an HTTP status and Nova's explanation text.
///
/// Every failure a handler meets — a `ComputeError` from the service, a validation error,
/// a policy refusal — becomes one of these, and `APIFault+Rendering` turns it into Nova's
/// fault body.
public struct APIFault: Error, Sendable, Hashable {
    public var status: Int
    public var message: String
    /// What went wrong underneath (a Swift error, SQL, libvirt's text with its paths): the
    /// endpoint logs it with the request id, and no answer ever carries it.
    public var logDetail: String?

    public init(status: Int, message: String, logDetail: String? = nil) {
        self.status = status
        self.message = message
        self.logDetail = logDetail
    }

    public static func badRequest(_ message: String) -> APIFault { APIFault(status: 400, message: message) }
    public static func forbidden(_ message: String) -> APIFault { APIFault(status: 403, message: message) }
    public static func notFound(_ message: String) -> APIFault { APIFault(status: 404, message: message) }
    public static func conflict(_ message: String) -> APIFault { APIFault(status: 409, message: message) }

    /// webob's default explanation, which Nova answers for unknown routes and for methods
    /// outside their microversion range.
    public static let resourceNotFound = APIFault.notFound("The resource could not be found.")

    /// Nova's `PolicyNotAuthorized` for an admin-only rule.
    public static func policy(_ rule: String) -> APIFault {
        .forbidden("Policy doesn't allow \(rule) to be performed.")
    }

    /// What a read stopped because its client closed the connection answers; nobody is
    /// there to read it (nginx's 499).
    public static let clientClosedRequest = APIFault(status: 499, message: "The client closed the connection before the answer.")

    /// Nova's answer to a body that is not JSON (or an action body it cannot read).
    public static let malformedBody = APIFault.badRequest("Malformed request body")
}

extension APIFault {
    /// `kind` is a bare Nova exception name (`PortBindingFailed`, shown in `nova.exception`)
    /// or an already qualified class path (shown as given).
    static func unexpectedErrorText(kind: String, detail: String) -> String {
        let className = kind.contains(".") ? kind : "nova.exception." + kind
        let head = "Unexpected API Error. Please contact the administrator\n<class '\(className)'>"
        return detail.isEmpty ? head : head + "\n" + detail
    }
}
