#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The handful of POSIX calls the scanner and the fake-sysfs writer need.
///
/// Plain system calls rather than FileManager: a 64 PF × 256 VF host is some 16,000
/// device directories and a quarter of a million small files and links, and the scan
/// must neither allocate a Foundation object per file nor follow symlinks implicitly
/// where the sysfs layout gives them meaning (`physfn`, `virtfnN`, `device`).
enum FileSystem {
    enum EntryKind: Sendable {
        case directory
        case file
        case symlink
        case other
    }

    struct Entry: Sendable {
        let name: String
        let kind: EntryKind
    }

    /// What is at `path` without following a final symlink; `nil` when nothing is.
    static func kind(at path: String, in directory: Int32 = AT_FDCWD) -> EntryKind? {
        var info = stat()
        guard fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return kind(ofMode: info.st_mode)
    }

    /// An open directory, for reading many entries of one device relative to it (`in:`
    /// below): each then resolves one name, not the whole path through sysfs's
    /// `bus/pci/devices` symlink, which was most of a scan of 16,000 devices. Close it
    /// with `closeDirectory`.
    static func openDirectory(_ path: String) throws(FileSystemError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(path: path) }
        return descriptor
    }

    static func closeDirectory(_ descriptor: Int32) {
        close(descriptor)
    }

    /// Whether `path`, with symlinks followed, is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && kind(ofMode: info.st_mode) == .directory
    }

    /// The entries of a directory (not `.` and `..`), in no particular order; a relative
    /// `path` is taken from `directory` (an `openDirectory` descriptor).
    static func list(_ path: String, in directory: Int32 = AT_FDCWD) throws(FileSystemError) -> [Entry] {
        let descriptor = openat(directory, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(path: path) }
        guard let stream = fdopendir(descriptor) else {
            let error = FileSystemError(path: path)
            close(descriptor)
            throw error
        }
        defer { closedir(stream) }
        var entries: [Entry] = []
        while let raw = readdir(stream) {
            let name = withUnsafePointer(to: &raw.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, kind: entryKind(raw.pointee.d_type, path: path + "/" + name, in: directory)))
        }
        return entries
    }

    /// The whole content of a (small) file; a relative `path` is taken from `directory`.
    static func read(_ path: String, in directory: Int32 = AT_FDCWD) throws(FileSystemError) -> [UInt8] {
        let descriptor = openat(directory, path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(path: path) }
        defer { close(descriptor) }
        // A buffer on the stack: a scan of 16,000 VFs reads some 100,000 small files, and
        // a fresh zeroed 4 KB array for each is 400 MB written for nothing.
        // A read that returns less than it was asked for has reached the end: these are
        // regular files and sysfs attributes (the kernel hands an attribute over whole,
        // or `min(left, asked)` bytes of a binary one such as `vpd`), never pipes. Stopping
        // there saves the second read each file would take to see 0: 100,000 system calls
        // on 16,000 VFs.
        var content: [UInt8] = []
        let failure: Int32? = withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 1) { buffer in
            while true {
                let count = Glue.read(descriptor, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                content.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                if count < buffer.count { return nil }
            }
        }
        if let failure { throw FileSystemError(path: path, code: failure) }
        return content
    }

    /// The target text of a symlink, unresolved (sysfs links are relative); a relative
    /// `path` is taken from `directory`.
    static func readLink(_ path: String, in directory: Int32 = AT_FDCWD) throws(FileSystemError) -> String {
        // On the stack, as in `read`: a scan reads some 50,000 links.
        let target: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 4096) { buffer in
            let count = readlinkat(directory, path, buffer.baseAddress!, buffer.count - 1)
            guard count >= 0 else { return nil }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count), as: UTF8.self)
        }
        guard let target else { throw FileSystemError(path: path) }
        return target
    }

    /// `path` with every symlink resolved, as an absolute path.
    static func resolvedPath(_ path: String) throws(FileSystemError) -> String {
        guard let resolved = realpath(path, nil) else { throw FileSystemError(path: path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func makeDirectory(_ path: String) throws(FileSystemError) {
        guard mkdir(path, 0o755) == 0 else { throw FileSystemError(path: path) }
    }

    /// `mkdir -p`: every missing component of `path`.
    static func makeDirectories(_ path: String) throws(FileSystemError) {
        if isDirectory(path) { return }
        let parent = parentPath(of: path)
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0, !(errno == EEXIST && isDirectory(path)) {
            throw FileSystemError(path: path)
        }
    }

    /// Creates (or truncates) a file holding exactly `bytes`.
    static func write(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileSystemError(path: path) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glue.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(path: path)
            }
            offset += count
        }
    }

    static func write(_ text: String, to path: String) throws(FileSystemError) {
        try write(Array(text.utf8), to: path)
    }

    static func makeSymlink(at path: String, to target: String) throws(FileSystemError) {
        guard symlink(target, path) == 0 else { throw FileSystemError(path: path) }
    }

    /// Deletes `path` and everything below it. Symlinks are removed, never followed, so a
    /// tree full of `../` links cannot lead the removal outside it.
    static func removeTree(_ path: String) throws(FileSystemError) {
        guard let found = kind(at: path) else { return }
        if found == .directory {
            for entry in try list(path) { try removeTree(path + "/" + entry.name) }
            guard rmdir(path) == 0 else { throw FileSystemError(path: path) }
        } else {
            guard unlink(path) == 0 else { throw FileSystemError(path: path) }
        }
    }

    static func parentPath(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of a path or link target (`../../0000:81:00.1` → `0000:81:00.1`).
    static func baseName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    private static func kind(ofMode mode: mode_t) -> EntryKind {
        switch mode & S_IFMT {
        case S_IFDIR: .directory
        case S_IFREG: .file
        case S_IFLNK: .symlink
        default: .other
        }
    }

    /// `d_type`, falling back to `lstat` on file systems that leave it unknown.
    private static func entryKind(_ type: UInt8, path: String, in directory: Int32) -> EntryKind {
        switch Int32(type) {
        case Int32(DT_DIR): .directory
        case Int32(DT_REG): .file
        case Int32(DT_LNK): .symlink
        case Int32(DT_UNKNOWN): kind(at: path, in: directory) ?? .other
        default: .other
        }
    }
}

/// The libc `read`/`write`, out of reach inside `FileSystem` whose own methods shadow them.
private enum Glue {
    static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }
}
