import CLibvirt
import Foundation

/// One open connection to a libvirt daemon (`virConnectPtr`), closed when the last
/// reference goes.
///
/// `@unchecked Sendable` is safe: libvirt connections may be used from several threads at
/// once (libvirt serialises access internally, documented since 0.6), the pointer is set
/// once in `init` and never changed, and `virConnectClose` runs only in `deinit`, when no
/// other reference — and so no other thread — can be using it.
final class LibvirtConnection: @unchecked Sendable {
    let pointer: virConnectPtr
    let uri: String

    /// Opens read-write. The runtime (error silencing, event loop) is started first, as
    /// libvirt needs the event loop before a connection can receive events.
    init(uri: String) throws(LibvirtError) {
        try LibvirtRuntime.ensureStarted()
        guard let pointer = virConnectOpen(uri) else { throw LibvirtError.last(failedCall: "virConnectOpen(\(uri))") }
        self.pointer = pointer
        self.uri = uri
    }

    deinit {
        virConnectClose(pointer)
    }

    /// `virConnectIsAlive`: false once the connection is closed or broken. Local, no call
    /// to libvirtd.
    var isAlive: Bool { virConnectIsAlive(pointer) == 1 }

    /// `virConnectLookupByUUIDString`; nil when no such domain exists.
    func domain(_ uuid: UUID) throws(LibvirtError) -> LibvirtDomain? {
        guard let domain = virDomainLookupByUUIDString(pointer, uuid.uuidString.lowercased()) else {
            let error = LibvirtError.last(failedCall: "virDomainLookupByUUIDString")
            if error.is(VIR_ERR_NO_DOMAIN) { return nil }
            throw error
        }
        return LibvirtDomain(pointer: domain)
    }

    /// `virDomainDefineXML`: a persistent, shut-off domain.
    func define(xml: String) throws(LibvirtError) -> LibvirtDomain {
        guard let domain = virDomainDefineXML(pointer, xml) else { throw LibvirtError.last(failedCall: "virDomainDefineXML") }
        return LibvirtDomain(pointer: domain)
    }

    /// The UUIDs of every domain, running or not.
    func domainUUIDs() throws(LibvirtError) -> [UUID] {
        var list: UnsafeMutablePointer<virDomainPtr?>?
        let count = virConnectListAllDomains(pointer, &list, 0)
        guard count >= 0, let list else { throw LibvirtError.last(failedCall: "virConnectListAllDomains") }
        defer { free(list) }
        var uuids: [UUID] = []
        for index in 0..<Int(count) {
            guard let domain = list[index] else { continue }
            // Each listed domain holds a reference of its own: the wrapper frees it.
            if let uuid = LibvirtDomain(pointer: domain).uuid { uuids.append(uuid) }
        }
        return uuids
    }
}
