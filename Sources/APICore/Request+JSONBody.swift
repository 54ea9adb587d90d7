import Hummingbird
import NIOCore
import NIOHTTP1

extension Request {
    /// The body as JSON within the request limits: `.success(nil)` when empty, `.failure`
    /// with the reason when it is too large, not JSON, or over the JSON limits. A body
    /// whose HTTP framing is broken (a bad chunk size) throws the parser's error, which the
    /// server answers with 400 and a closed connection, as for any other framing error.
    public func jsonBody() async throws -> Result<JSON?, JSONBodyError> {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: RequestLimits.maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            return .failure(.tooLarge)
        }
        if buffer.readableBytes == 0 { return .success(nil) }
        return JSON.parse(buffer.readableBytesView, limits: .requestBody).map(Optional.some).mapError(JSONBodyError.json)
    }
}

/// Why a request body was refused before any handler looked at it.
public enum JSONBodyError: Error, Sendable, Hashable {
    /// Over `RequestLimits.maximumBodyBytes`: 413.
    case tooLarge
    /// Not JSON, or over the JSON limits: 400.
    case json(JSONParseError)

    public var status: Int {
        switch self {
        case .tooLarge: 413
        case .json: 400
        }
    }

    public var message: String {
        switch self {
        case .tooLarge: "Request is too large."
        case .json(let error): error.description
        }
    }
}

/// Errors of the HTTP framing itself, which no handler should turn into an answer: the
/// server writes its own 400 and closes the connection.
public func isHTTPFramingError(_ error: any Error) -> Bool {
    error is HTTPParserError
}
