/// How much structure a JSON text may have. Request bodies get `requestBody`, so that
/// one request cannot make the service spend seconds walking it; the service's own
/// stored documents get `stored`, which only guards the stack.
public struct JSONLimits: Sendable, Hashable {
    /// Levels of objects and arrays inside each other.
    public var maximumDepth: Int
    /// Object keys in the whole text, all objects together (a repeated key counts again).
    public var maximumKeys: Int

    public init(maximumDepth: Int, maximumKeys: Int) {
        self.maximumDepth = maximumDepth
        self.maximumKeys = maximumKeys
    }

    /// The bodies of both APIs. The largest real request (a server create with metadata,
    /// block device mappings and networks) nests 5 levels and has a few hundred keys.
    public static let requestBody = JSONLimits(maximumDepth: 32, maximumKeys: 10_000)

    /// Documents the service wrote itself.
    public static let stored = JSONLimits(maximumDepth: 512, maximumKeys: .max)
}

/// Why a JSON text was refused.
public enum JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not exactly one JSON value (syntax, encoding, trailing text).
    case malformed
    case tooDeep(limit: Int)
    case tooManyKeys(limit: Int)

    public var description: String {
        switch self {
        case .malformed: "The request body is not valid JSON."
        case .tooDeep(let limit): "The request body nests objects and arrays more than \(limit) levels deep."
        case .tooManyKeys(let limit): "The request body has more than \(limit) object keys."
        }
    }
}
