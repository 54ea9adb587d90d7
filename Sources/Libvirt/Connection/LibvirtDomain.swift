import CLibvirt
import Foundation

/// One reference to a libvirt domain (`virDomainPtr`), freed when the wrapper goes.
///
/// `@unchecked Sendable` is safe: domain objects are reference-counted and thread-safe in
/// libvirt like their connection, the pointer never changes, and `virDomainFree` runs only
/// in `deinit`, when nothing else can be using this reference.
final class LibvirtDomain: @unchecked Sendable {
    let pointer: virDomainPtr

    init(pointer: virDomainPtr) {
        self.pointer = pointer
    }

    deinit {
        virDomainFree(pointer)
    }

    var uuid: UUID? { Self.uuid(of: pointer) }

    /// The UUID of any domain pointer, e.g. one an event callback received.
    static func uuid(of pointer: virDomainPtr) -> UUID? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(VIR_UUID_STRING_BUFLEN)) { buffer in
            guard let start = buffer.baseAddress, virDomainGetUUIDString(pointer, start) == 0 else { return nil }
            return UUID(uuidString: String(cString: start))
        }
    }

    var name: String {
        virDomainGetName(pointer).map { String(cString: $0) } ?? "?"
    }

    /// `virDomainGetState`'s state (`virDomainState`).
    func state() throws(LibvirtError) -> virDomainState {
        var state: Int32 = 0
        var reason: Int32 = 0
        guard virDomainGetState(pointer, &state, &reason, 0) == 0 else { throw LibvirtError.last(failedCall: "virDomainGetState") }
        return virDomainState(rawValue: UInt32(state))
    }

    func hasManagedSaveImage() throws(LibvirtError) -> Bool {
        let answer = virDomainHasManagedSaveImage(pointer, 0)
        guard answer >= 0 else { throw LibvirtError.last(failedCall: "virDomainHasManagedSaveImage") }
        return answer == 1
    }

    /// The live XML (flags 0) or the persistent one (`VIR_DOMAIN_XML_INACTIVE`).
    func xml(live: Bool) throws(LibvirtError) -> String {
        let flags = live ? 0 : UInt32(VIR_DOMAIN_XML_INACTIVE.rawValue)
        guard let text = virDomainGetXMLDesc(pointer, flags) else { throw LibvirtError.last(failedCall: "virDomainGetXMLDesc") }
        defer { free(text) }
        return String(cString: text)
    }

    /// Runs a call that answers 0 on success and -1 on failure.
    func perform(_ call: String, _ body: (virDomainPtr) -> Int32) throws(LibvirtError) {
        guard body(pointer) >= 0 else { throw LibvirtError.last(failedCall: call) }
    }
}
