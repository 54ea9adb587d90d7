import APICore
import Hummingbird

/// A Glance error answer: webob's JSON rendering of its HTTP exception, which is what
/// Glance sends a client that accepts JSON (`{"message", "code": "404 Not Found", "title"}`).
struct GlanceError: Sendable {
    let status: Int
    let message: String

    var response: Response {
        let status = HTTPResponse.Status(code: status)
        let body: JSON = [
            "message": .string(message + "<br /><br />\n\n\n"),
            "code": .string("\(status.code) \(status.reasonPhrase)"),
            "title": .string(status.reasonPhrase),
        ]
        return .json(body, status: status)
    }
}
