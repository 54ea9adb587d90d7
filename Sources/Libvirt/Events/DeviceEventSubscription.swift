import CLibvirt
import Foundation
import Virt

/// The connection's DEVICE_REMOVED and DEVICE_REMOVAL_FAILED callbacks, delivering each
/// event to `DeviceEventWaiters` by domain UUID and device alias, and striking the unplug
/// off `PendingUnplugs`. Deregistered when the subscription goes, which must happen before
/// the connection closes (it holds it).
final class DeviceEventSubscription: Sendable {
    private let connection: LibvirtConnection
    private let callbackIDs: [Int32]

    init(connection: LibvirtConnection, waiters: DeviceEventWaiters, pendingUnplugs: PendingUnplugs) throws(LibvirtError) {
        self.connection = connection
        var ids: [Int32] = []
        let registrations: [(virDomainEventID, virConnectDomainEventGenericCallback)] = [
            (VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, unsafeBitCast(Self.removed, to: virConnectDomainEventGenericCallback.self)),
            (VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED, unsafeBitCast(Self.removalFailed, to: virConnectDomainEventGenericCallback.self)),
        ]
        for (eventID, callback) in registrations {
            // libvirt owns one retain of the sink per registration and releases it through
            // `releaseSink` when the callback is deregistered.
            let opaque = Unmanaged.passRetained(EventSink(waiters: waiters, pendingUnplugs: pendingUnplugs)).toOpaque()
            let id = virConnectDomainEventRegisterAny(connection.pointer, nil, Int32(eventID.rawValue), callback, opaque, Self.releaseSink)
            guard id >= 0 else {
                let error = LibvirtError.last(failedCall: "virConnectDomainEventRegisterAny")
                Unmanaged<EventSink>.fromOpaque(opaque).release()
                for registered in ids { virConnectDomainEventDeregisterAny(connection.pointer, registered) }
                throw error
            }
            ids.append(id)
        }
        callbackIDs = ids
    }

    deinit {
        for id in callbackIDs { virConnectDomainEventDeregisterAny(connection.pointer, id) }
    }

    /// The callbacks are C function pointers: they capture nothing and find their sink
    /// through the opaque pointer. `VIR_DOMAIN_EVENT_CALLBACK` is a macro Swift cannot
    /// import, hence the casts to the generic callback type above.
    private static let removed: virConnectDomainEventDeviceRemovedCallback = { _, domain, alias, opaque in
        EventSink.deliver(.removed, domain: domain, alias: alias, opaque: opaque)
    }

    private static let removalFailed: virConnectDomainEventDeviceRemovalFailedCallback = { _, domain, alias, opaque in
        EventSink.deliver(.removalFailed, domain: domain, alias: alias, opaque: opaque)
    }

    private static let releaseSink: virFreeCallback = { opaque in
        guard let opaque else { return }
        Unmanaged<EventSink>.fromOpaque(opaque).release()
    }
}

/// What a registration's opaque pointer points at: a separate object, so that libvirt's
/// retain never keeps the subscription itself alive.
private final class EventSink: Sendable {
    let waiters: DeviceEventWaiters
    let pendingUnplugs: PendingUnplugs

    init(waiters: DeviceEventWaiters, pendingUnplugs: PendingUnplugs) {
        self.waiters = waiters
        self.pendingUnplugs = pendingUnplugs
    }

    /// Runs on the event-loop thread: reads what it needs from libvirt's arguments there
    /// (they are valid only during the callback) and hands the event to the waiters' actor.
    static func deliver(_ event: DeviceEvent, domain: virDomainPtr?, alias: UnsafePointer<CChar>?, opaque: UnsafeMutableRawPointer?) {
        guard let opaque, let domain, let alias else { return }
        let sink = Unmanaged<EventSink>.fromOpaque(opaque).takeUnretainedValue()
        guard let uuid = LibvirtDomain.uuid(of: domain) else { return }
        let name = String(cString: alias)
        let waiters = sink.waiters, pendingUnplugs = sink.pendingUnplugs
        Task {
            await waiters.deliver(event, domain: uuid, alias: name)
            await pendingUnplugs.remove(domain: uuid, alias: name)
        }
    }
}
