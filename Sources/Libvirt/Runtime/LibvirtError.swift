import CLibvirt
import Foundation
import Virt

/// An error libvirt reported: its numeric code and domain (`virErrorNumber`,
/// `virErrorDomain`) and its message, as `virsh` would print it.
public struct LibvirtError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Int32
    public let domain: Int32
    public let message: String

    public init(code: Int32, domain: Int32, message: String) {
        self.code = code
        self.domain = domain
        self.message = message
    }

    /// The error of the call that just failed on this thread. libvirt keeps the last error
    /// per thread, so this must run on the thread of the failed call, right after it.
    static func last(failedCall: String) -> LibvirtError {
        guard let error = virGetLastError() else {
            return LibvirtError(code: -1, domain: -1, message: "\(failedCall) failed without an error from libvirt")
        }
        let message = error.pointee.message.map { String(cString: $0) } ?? "\(failedCall) failed"
        let result = LibvirtError(code: error.pointee.code, domain: error.pointee.domain, message: message)
        virResetLastError()
        return result
    }

    public var description: String { message }

    public func `is`(_ number: virErrorNumber) -> Bool {
        code == Int32(number.rawValue)
    }

    /// The service's view: a vanished domain, a request invalid in the domain's state, a
    /// lost connection (never "not found": whether the domain or device is there is not
    /// known), or a refusal carrying libvirt's own message.
    public func hypervisorError(domain uuid: UUID?) -> HypervisorError {
        if isConnectionLoss {
            if self.is(VIR_ERR_NO_CONNECT) { return .internalError(message) }
            return .internalError("lost the connection to libvirt (\(message)); it is being opened again")
        }
        if self.is(VIR_ERR_NO_DOMAIN), let uuid { return .domainNotFound(uuid) }
        if self.is(VIR_ERR_OPERATION_INVALID) { return .invalidState(message) }
        return .operationFailed(message)
    }
}
