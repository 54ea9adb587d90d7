/// Why a scan could not produce a snapshot. Anything the scanner can work around (an odd
/// directory name, an optional file with junk in it) is a warning instead; these are the
/// cases where reporting a device anyway would report it wrongly.
public enum InventoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The sysfs root does not exist or is not a directory.
    case rootNotFound(path: String)
    /// A directory the scan needs exists but cannot be listed.
    case unreadableDirectory(path: String, reason: String)
    /// A mandatory file (a device's `vendor` or `device`) is missing or cannot be read.
    case unreadableFile(path: String, reason: String)
    /// A mandatory file holds something other than what the kernel writes there.
    case malformedFile(path: String, content: String, expected: String)

    public var description: String {
        switch self {
        case .rootNotFound(let path):
            "sysfs root \(path) does not exist or is not a directory"
        case .unreadableDirectory(let path, let reason):
            "cannot list \(path): \(reason)"
        case .unreadableFile(let path, let reason):
            "cannot read \(path): \(reason)"
        case .malformedFile(let path, let content, let expected):
            "malformed \(path): found \(Self.quoted(content)), expected \(expected)"
        }
    }

    /// The bad content made safe to print: escaped, and cut when it is long (a binary
    /// file read by mistake should not flood a log line).
    static func quoted(_ content: String) -> String {
        let limit = 64
        let shown = content.count > limit ? String(content.prefix(limit)) + "…" : content
        return shown.debugDescription
    }
}
