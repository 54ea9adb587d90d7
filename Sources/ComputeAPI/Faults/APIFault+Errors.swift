import ComputeModel
import Hummingbird

extension APIFault {
    /// Any error a handler throws, as the fault the client sees. Only our own texts reach
    /// the client; the underlying error goes to `logDetail`.
    static func from(_ error: any Error) -> APIFault {
        switch error {
        case let fault as APIFault:
            return fault
        case let error as ComputeError:
            return APIFault(error)
        case let error as HTTPError:
            // Hummingbird's own refusals.
            return APIFault(status: Int(error.status.code), message: error.body ?? error.status.reasonPhrase)
        default:
            // Nova's expected_errors: anything unforeseen is a 500, named only as an
            // unexpected error (a Swift type name is an internal detail).
            return APIFault(status: 500, message: unexpectedErrorText(kind: "nova.exception.NovaException", detail: ""),
                            logDetail: "\(String(reflecting: type(of: error))): \(error)")
        }
    }
}
