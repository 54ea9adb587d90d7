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

extension Request {
    /// The body as JSON: `.success(nil)` when empty, `.failure` when it is not JSON.
    public func jsonBody(context: APIRequestContext) async throws -> Result<JSON?, JSONBodyError> {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        if buffer.readableBytes == 0 { return .success(nil) }
        guard let json = JSON.parse(Data(buffer.readableBytesView)) else { return .failure(JSONBodyError()) }
        return .success(json)
    }
}

public struct JSONBodyError: Error, Sendable {
    public let message = "The request body is not valid JSON."
}
