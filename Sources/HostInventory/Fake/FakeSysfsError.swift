/// Why a fake sysfs tree could not be written.
public enum FakeSysfsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The layout asks for something the address scheme or a real host cannot have.
    case invalidLayout(String)
    case rootNotDirectory(path: String)
    /// The root holds files but no marker: it is not a tree this writer made, and
    /// overwriting it could destroy someone's data.
    case rootNotEmpty(path: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidLayout(let reason):
            "invalid fake host layout: \(reason)"
        case .rootNotDirectory(let path):
            "cannot write a fake sysfs tree at \(path): it exists and is not a directory"
        case .rootNotEmpty(let path):
            "refusing to write a fake sysfs tree into \(path): the directory is not empty and has no "
                + "\(FakeSysfsWriter.markerFileName) marker, so it is not a tree this tool wrote"
        case .writeFailed(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
