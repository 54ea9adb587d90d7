import APICore
import Hummingbird

/// A Glance error answer: webob's JSON rendering of its HTTP exception, which is what
/// Glance sends a client that accepts JSON (`{"message", "code": "404 Not Found", "title"}`).
struct GlanceError: Sendable {
    let status: Int
    let message: String

    var response: Response {
        let title = Self.title(status)
        let body: JSON = [
            "message": .string(message + "<br /><br />\n\n\n"),
            "code": .string("\(status) \(title)"),
            "title": .string(title),
        ]
        return .json(body, status: HTTPResponse.Status(code: status, reasonPhrase: title))
    }

    /// webob's titles for the statuses the Image API answers.
    static func title(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 501: "Not Implemented"
        default: "Internal Server Error"
        }
    }
}
