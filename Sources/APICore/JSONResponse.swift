import Foundation
@_exported import JSONModel
import Hummingbird

extension Response {
    /// A JSON response with the body rendered from `JSON`.
    public static func json(_ body: JSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body.rendered)))
    }

    /// An empty response (202 accepted, 204 no content).
    public static func empty(status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentLength] = "0"
        return Response(status: status, headers: fields, body: .init())
    }
}
