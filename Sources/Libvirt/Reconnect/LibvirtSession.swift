import CLibvirt
import Foundation
import Virt

/// One open connection with everything registered on it: the close callback, keepalive,
/// and the device-event callbacks. A lost connection is never repaired; the supervisor
/// opens a new session, the next generation, and drops this one.
///
/// Sendable: every stored property is a `let` of a Sendable type.
final class LibvirtSession: Sendable {
    let generation: Int
    let connection: LibvirtConnection
    // Both hold the connection, so it closes only after their deinits unregistered them.
    private let closeWatch: ConnectionCloseWatch
    private let deviceEvents: DeviceEventSubscription

    /// Opens the connection and registers on it, in an order that loses nothing: the close
    /// callback first (a loss during the rest is seen), then keepalive, then the device
    /// events — before the caller re-reads any domain, so that a removal after that read
    /// arrives as an event and one before it is found by the read. Blocks: run it on a
    /// libvirt thread.
    init(
        uri: String, generation: Int, policy: ReconnectPolicy, waiters: DeviceEventWaiters, pendingUnplugs: PendingUnplugs,
        closed: @escaping @Sendable (_ generation: Int, _ reason: String) -> Void
    ) throws(LibvirtError) {
        self.generation = generation
        connection = try LibvirtConnection(uri: uri)
        closeWatch = try ConnectionCloseWatch(connection: connection) { reason in closed(generation, reason) }
        // In-process drivers (test:///) have no keepalive and no socket to lose: "not
        // supported" is fine there. A daemon that cannot do keepalive answers 1; its closed
        // socket is still reported by the close callback.
        if virConnectSetKeepAlive(connection.pointer, policy.keepAliveInterval, policy.keepAliveCount) < 0 {
            let error = LibvirtError.last(failedCall: "virConnectSetKeepAlive")
            guard error.is(VIR_ERR_NO_SUPPORT) else { throw error }
        }
        deviceEvents = try DeviceEventSubscription(connection: connection, waiters: waiters, pendingUnplugs: pendingUnplugs)
    }
}
