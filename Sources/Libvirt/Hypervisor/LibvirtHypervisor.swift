import Foundation
import Logging
import Virt

/// The `Hypervisor` of a real host: libvirt through its C API (DESIGN §6). Domains are
/// libvirt's own, defined from the flavor and the image's boot source; devices are
/// attached live + persistent (persistent only when shut off); detach runs the shared
/// `DetachDriver` with DEVICE_REMOVED / DEVICE_REMOVAL_FAILED events from the connection.
///
/// Every libvirt call runs on `LibvirtCall`'s threads, never on the concurrency pool, and
/// every libvirt error comes back as a `HypervisorError` carrying libvirt's message.
public final class LibvirtHypervisor: Hypervisor {
    public let options: LibvirtOptions
    /// Where the connection's device events are delivered.
    public let deviceEvents = DeviceEventWaiters()
    let connection: LibvirtConnection
    private let subscription: DeviceEventSubscription
    let logger: Logger

    public init(options: LibvirtOptions, logger: Logger = Logger(label: "sriov-compute.virt.libvirt")) throws(HypervisorError) {
        self.options = options
        self.logger = logger
        do {
            connection = try LibvirtConnection(uri: options.uri)
            subscription = try DeviceEventSubscription(connection: connection, waiters: deviceEvents)
        } catch {
            throw .internalError("cannot connect to libvirt at \(options.uri): \(error.message)")
        }
    }

    /// Runs `body` with the domain on a libvirt thread; a missing domain is `domainNotFound`.
    func withDomain<T: Sendable>(
        _ uuid: UUID, _ body: @escaping @Sendable (LibvirtDomain) throws(LibvirtError) -> T
    ) async throws(HypervisorError) -> T {
        let result: T?
        do {
            result = try await onDomain(uuid, body)
        } catch {
            throw error.hypervisorError(domain: uuid)
        }
        guard let result else { throw .domainNotFound(uuid) }
        return result
    }

    /// Runs `body` with the domain on a libvirt thread; nil when the domain does not exist.
    func onDomain<T: Sendable>(
        _ uuid: UUID, _ body: @escaping @Sendable (LibvirtDomain) throws(LibvirtError) -> T
    ) async throws(LibvirtError) -> T? {
        let connection = connection
        return try await LibvirtCall.run { () -> Result<T?, LibvirtError> in
            Result { () throws(LibvirtError) -> T? in
                guard let domain = try connection.domain(uuid) else { return nil }
                return try body(domain)
            }
        }
    }
}
