import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who works on a database: one `serve`, or one tool changing its ledger while the service
/// is stopped, never both. The service keeps its ledger in memory, so a change written
/// behind its back would be overwritten, or handed out twice. An exclusive `flock` on a
/// file next to the database; the kernel drops it when the holder exits, `kill -9` too.
public final class ServiceLock: Sendable {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock, or says who has it.
    public static func acquire(database path: String, for holder: String) throws(ServiceLockError) -> ServiceLock {
        let lockPath = path + ".lock"
        let folder = (lockPath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ServiceLockError(description: "cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            close(descriptor)
            guard failure == EWOULDBLOCK else {
                throw ServiceLockError(description: "cannot lock \(lockPath): \(String(cString: strerror(failure)))")
            }
            let owner = (try? String(contentsOfFile: lockPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            throw ServiceLockError(
                description: "\(owner.flatMap { $0.isEmpty ? nil : $0 } ?? "another process") works on \(path) (lock file \(lockPath))")
        }
        let note = "\(holder) (pid \(getpid()))\n"
        _ = ftruncate(descriptor, 0)
        _ = note.withCString { write(descriptor, $0, strlen($0)) }
        return ServiceLock(path: lockPath, descriptor: descriptor)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        // Closing the descriptor drops the lock.
        close(descriptor)
    }
}

/// The lock is someone else's, or the lock file cannot be used.
public struct ServiceLockError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
}
