import Foundation

/// A fresh, empty directory for one test: under `$TMPDIR` when set, otherwise on the
/// memory-backed `/dev/shm` when the machine has one (a fake host of 64 × 256 VFs is a
/// quarter of a million inodes: minutes on a VM's ext4 disk, seconds on tmpfs).
public struct TemporaryDirectory: Sendable {
    public let path: String
    public var url: URL { URL(fileURLWithPath: path) }

    public init(prefix: String = "sriov-tests") throws {
        path = Self.base + "/\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Removes the directory and what is in it (FileManager removes symlinks without
    /// following them).
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The names directly inside, sorted.
    public var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    private static let base: String = {
        if let explicit = ProcessInfo.processInfo.environment["TMPDIR"], !explicit.isEmpty { return explicit }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory), isDirectory.boolValue,
           FileManager.default.isWritableFile(atPath: "/dev/shm") {
            return "/dev/shm"
        }
        return FileManager.default.temporaryDirectory.path
    }()
}

/// Runs `body` with the path of a fresh, empty directory, and removes it afterwards.
public func withTemporaryDirectory<T>(prefix: String = "sriov-tests", _ body: (String) throws -> T) throws -> T {
    let directory = try TemporaryDirectory(prefix: prefix)
    defer { directory.remove() }
    return try body(directory.path)
}
