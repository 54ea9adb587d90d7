import APICore
import Hummingbird

extension APIFault {
    /// The key of Nova's fault body for a status (`wsgi.Fault._fault_names`); every status
    /// not listed there, 406 and 500 included, is a `computeFault`.
    public static func faultName(forStatus status: Int) -> String {
        switch status {
        case 400: "badRequest"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "itemNotFound"
        case 405: "badMethod"
        case 409: "conflictingRequest"
        case 413, 429: "overLimit"
        case 415: "badMediaType"
        case 501: "notImplemented"
        case 503: "serviceUnavailable"
        default: "computeFault"
        }
    }

    /// `{"<faultName>": {"code": N, "message": "…"}}`.
    public var body: JSON {
        [Self.faultName(forStatus: status): ["code": .int(status), "message": .string(message)]]
    }

    public var response: Response {
        Response.json(body, status: HTTPResponse.Status(code: status))
    }
}
