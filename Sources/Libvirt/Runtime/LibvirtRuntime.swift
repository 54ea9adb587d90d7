import CLibvirt
import Foundation

/// The process-wide part of libvirt, set up once before the first connection: the library
/// initialised, its habit of printing every error to stderr switched off (errors reach the
/// caller as `LibvirtError` instead), and the default event loop registered and driven by
/// a thread of its own — `virEventRunDefaultImpl` blocks, so it must never run on the Swift
/// concurrency pool. Events (device removed, removal failed) are dispatched on that thread.
enum LibvirtRuntime {
    /// Swift runs a global's initialiser exactly once, under a lock, whichever thread
    /// touches it first: that is the once-only guard for the set-up.
    private static let started: Result<Void, LibvirtError> = start()

    static func ensureStarted() throws(LibvirtError) {
        try started.get()
    }

    private static func start() -> Result<Void, LibvirtError> {
        guard virInitialize() == 0 else { return .failure(LibvirtError.last(failedCall: "virInitialize")) }
        virSetErrorFunc(nil, silentErrorHandler)
        guard virEventRegisterDefaultImpl() == 0 else {
            return .failure(LibvirtError.last(failedCall: "virEventRegisterDefaultImpl"))
        }
        let thread = Thread {
            // Returns -1 only when the loop itself is broken; nothing could restart it.
            while virEventRunDefaultImpl() == 0 {}
        }
        thread.name = "libvirt-events"
        thread.start()
        return .success(())
    }

    /// Replaces the default handler, which prints to stderr; the error stays available to
    /// `virGetLastError` all the same.
    private static let silentErrorHandler: virErrorFunc = { _, _ in }
}
