import Dispatch

/// Runs blocking libvirt calls off the Swift concurrency pool: a live detach or a managed
/// save can block its thread for seconds, and the pool has one thread per core. The body
/// runs on one thread from start to end, so libvirt's thread-local last error belongs to it.
enum LibvirtCall {
    private static let queue = DispatchQueue(label: "sriov-compute.libvirt.calls", attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> Result<T, LibvirtError>) async throws(LibvirtError) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, LibvirtError>, Never>) in
            queue.async { continuation.resume(returning: body()) }
        }
        return try result.get()
    }
}
