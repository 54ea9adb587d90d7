import Foundation

/// Where throw-away trees go. A fake sysfs host is tens of thousands of tiny files and
/// links; on a disk-backed folder writing 64 × 256 VFs takes about a minute, in tmpfs
/// about a second.
enum ScratchFolder {
    static func fastest() -> String {
        let shm = "/dev/shm"
        if FileManager.default.isWritableFile(atPath: shm) { return shm }
        return FileManager.default.temporaryDirectory.path
    }
}
