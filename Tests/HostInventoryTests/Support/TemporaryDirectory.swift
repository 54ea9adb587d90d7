import Foundation

/// Runs `body` with the path of a fresh, empty directory, and deletes it afterwards
/// (FileManager removes symlinks without following them).
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = temporaryBase + "/host-inventory-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// `$TMPDIR` when set; otherwise a memory-backed `/dev/shm` when the machine has one. The
/// 64 × 256 host is a quarter of a million inodes, and creating them on a VM's ext4 disk
/// takes minutes where tmpfs takes seconds.
private let temporaryBase: String = {
    if let explicit = ProcessInfo.processInfo.environment["TMPDIR"], !explicit.isEmpty { return explicit }
    let shared = "/dev/shm"
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: shared, isDirectory: &isDirectory), isDirectory.boolValue,
       FileManager.default.isWritableFile(atPath: shared) {
        return shared
    }
    return FileManager.default.temporaryDirectory.path
}()
