/// Why the requested microversion could not be honoured, with Nova's texts.
public enum MicroversionError: Error, Sendable, Hashable {
    /// Not `X.Y` at all (Nova: `InvalidAPIVersionString`, 400).
    case malformed(String)
    /// Well formed but outside `minimum...maximum` (Nova: `InvalidGlobalAPIVersion`, 406).
    case unsupported(Microversion)

    public var message: String {
        switch self {
        case .malformed(let text):
            "API Version String \(text) is of invalid format. Must be of format MajorNum.MinorNum."
        case .unsupported(let version):
            "Version \(version) is not supported by the API. Minimum is \(Microversion.minimum) and maximum is \(Microversion.maximum)."
        }
    }

    public var httpStatus: Int {
        switch self {
        case .malformed: 400
        case .unsupported: 406
        }
    }
}
