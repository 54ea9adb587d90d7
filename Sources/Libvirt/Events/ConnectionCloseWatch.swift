import CLibvirt
import Foundation

/// libvirt's close callback on one connection (`virConnectRegisterCloseCallback`): called
/// on the event-loop thread when the connection ends — libvirtd exited or closed the
/// socket, an I/O error, or the keepalive probes went unanswered. Unregistered when the
/// watch goes, which must happen before the connection closes (it holds it).
final class ConnectionCloseWatch: Sendable {
    private let connection: LibvirtConnection

    /// `closed` runs on the event-loop thread with the reason in words; it must not block.
    init(connection: LibvirtConnection, closed: @escaping @Sendable (String) -> Void) throws(LibvirtError) {
        self.connection = connection
        // libvirt owns one retain of the sink and releases it through `releaseSink` when
        // the callback is unregistered.
        let opaque = Unmanaged.passRetained(CloseSink(closed: closed)).toOpaque()
        guard virConnectRegisterCloseCallback(connection.pointer, Self.callback, opaque, Self.releaseSink) == 0 else {
            let error = LibvirtError.last(failedCall: "virConnectRegisterCloseCallback")
            Unmanaged<CloseSink>.fromOpaque(opaque).release()
            throw error
        }
    }

    deinit {
        virConnectUnregisterCloseCallback(connection.pointer, Self.callback)
    }

    /// Why libvirt closed the connection (`virConnectCloseReason`), in words.
    static func describe(reason: Int32) -> String {
        switch UInt32(reason) {
        case VIR_CONNECT_CLOSE_REASON_ERROR.rawValue: "an I/O error on the connection"
        case VIR_CONNECT_CLOSE_REASON_EOF.rawValue: "libvirtd closed the connection"
        case VIR_CONNECT_CLOSE_REASON_KEEPALIVE.rawValue: "libvirtd stopped answering keepalive probes"
        case VIR_CONNECT_CLOSE_REASON_CLIENT.rawValue: "the connection was closed on this side"
        default: "the connection closed (reason \(reason))"
        }
    }

    /// A C function pointer: it captures nothing and finds its sink through the opaque pointer.
    private static let callback: virConnectCloseFunc = { _, reason, opaque in
        guard let opaque else { return }
        Unmanaged<CloseSink>.fromOpaque(opaque).takeUnretainedValue().closed(ConnectionCloseWatch.describe(reason: reason))
    }

    private static let releaseSink: virFreeCallback = { opaque in
        guard let opaque else { return }
        Unmanaged<CloseSink>.fromOpaque(opaque).release()
    }
}

/// What the registration's opaque pointer points at.
private final class CloseSink: Sendable {
    let closed: @Sendable (String) -> Void

    init(closed: @escaping @Sendable (String) -> Void) {
        self.closed = closed
    }
}
