import ComputeModel
import Hummingbird

extension APIFault {
    /// Any error a handler throws, as the fault the client sees.
    static func from(_ error: any Error) -> APIFault {
        switch error {
        case let fault as APIFault:
            return fault
        case let error as ComputeError:
            return APIFault(error)
        case let error as HTTPError:
            // Hummingbird's own refusals (e.g. a body over the upload limit).
            return APIFault(status: Int(error.status.code), message: error.body ?? error.status.reasonPhrase)
        default:
            // Nova's expected_errors: anything unforeseen is a 500 naming its type.
            return APIFault(
                status: 500,
                message: "Unexpected API Error. Please contact the administrator\n<class '\(String(reflecting: type(of: error)))'>")
        }
    }
}
