import Hummingbird
import NIOCore
import NIOHTTP1

/// A request body that parsed, with its bytes (the compute API reads the client's key
/// order from them).
public struct ParsedJSONBody: Sendable {
    public let bytes: [UInt8]
    public let json: JSON
}

extension Request {
    /// The body as JSON within the request limits: `.success(nil)` when empty, `.failure`
    /// with the reason when it is too large, not JSON, or over the JSON limits. A body
    /// whose HTTP framing is broken (a bad chunk size) throws the parser's error, which the
    /// server answers with 400 and a closed connection, as for any other framing error.
    public func parsedJSONBody() async throws -> Result<ParsedJSONBody?, JSONBodyError> {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: RequestLimits.maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            return .failure(.tooLarge)
        }
        if buffer.readableBytes == 0 { return .success(nil) }
        let bytes = Array(buffer.readableBytesView)
        switch JSON.parse(bytes, limits: .requestBody) {
        case .success(let json): return .success(ParsedJSONBody(bytes: bytes, json: json))
        case .failure(let error): return .failure(.json(error))
        }
    }

    /// `parsedJSONBody()` without the bytes.
    public func jsonBody() async throws -> Result<JSON?, JSONBodyError> {
        try await parsedJSONBody().map { $0?.json }
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
