import Foundation
import Logging
import Virt

/// The `Hypervisor` of a real host: libvirt through its C API (DESIGN §6). Domains are
/// libvirt's own, defined from the flavor and the image's boot source; devices are
/// attached live + persistent (persistent only when shut off); detach runs the shared
/// `DetachDriver` with DEVICE_REMOVED / DEVICE_REMOVAL_FAILED events from the connection.
///
/// Every libvirt call runs on `LibvirtCall`'s threads, never on the concurrency pool, and
/// every libvirt error comes back as a `HypervisorError` carrying libvirt's message. When
/// libvirtd goes away (restarted, crashed, hung), `SessionSupervisor` opens a new
/// connection on its own; calls in between fail with "no connection", never "not found".
public final class LibvirtHypervisor: Hypervisor {
    public let options: LibvirtOptions
    /// Where the connection's device events are delivered.
    public let deviceEvents = DeviceEventWaiters()
    let supervisor: SessionSupervisor
    let logger: Logger

    public init(options: LibvirtOptions, logger: Logger = Logger(label: "sriov-compute.virt.libvirt")) throws(HypervisorError) {
        self.options = options
        self.logger = logger
        do {
            supervisor = try SessionSupervisor(uri: options.uri, policy: options.reconnect, waiters: deviceEvents, logger: logger)
        } catch {
            throw .internalError("cannot connect to libvirt at \(options.uri): \(error.message)")
        }
    }

    /// Whether libvirt is connected now, how often it was reconnected, and the unplugs
    /// still waiting for their events.
    public func connectionStatus() async -> LibvirtConnectionStatus {
        await supervisor.status
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
        try await onConnection { (connection) throws(LibvirtError) -> T? in
            guard let domain = try connection.domain(uuid) else { return nil }
            return try body(domain)
        }
    }

    /// Runs `body` with the current connection on a libvirt thread; without one, fails at
    /// once with "no connection". A failure that shows the connection dead is reported to
    /// the supervisor, which opens a new one, and comes back as a connection loss whatever
    /// libvirt called it — it is never a verdict on the domain.
    func onConnection<T: Sendable>(
        _ body: @escaping @Sendable (LibvirtConnection) throws(LibvirtError) -> T
    ) async throws(LibvirtError) -> T {
        let session = try await supervisor.session()
        let connection = session.connection
        do {
            return try await LibvirtCall.run { () -> Result<T, LibvirtError> in
                Result { () throws(LibvirtError) in try body(connection) }
            }
        } catch {
            guard error.isConnectionLoss || !connection.isAlive else { throw error }
            await supervisor.connectionLost(generation: session.generation, reason: error.message)
            throw error.isConnectionLoss ? error : LibvirtError.lostDuringCall(uri: options.uri, error)
        }
    }
}
