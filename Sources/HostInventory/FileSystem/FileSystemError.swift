#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on one path, with the errno text, so callers can say exactly which
/// file could not be read or written and why.
struct FileSystemError: Error, Equatable, Sendable {
    let path: String
    let code: Int32

    init(path: String, code: Int32 = errno) {
        self.path = path
        self.code = code
    }

    var isNotFound: Bool { code == ENOENT || code == ENOTDIR }

    var reason: String { String(cString: strerror(code)) }
}
