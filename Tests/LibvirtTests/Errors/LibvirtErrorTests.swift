import CLibvirt
import Foundation
import Testing
import Virt
@testable import Libvirt

/// libvirt's errors as the service sees them, with the messages measured on this machine
/// kind (libvirt-here.md §3).
struct LibvirtErrorTests {
    let uuid = UUID(uuidString: "7E1F0000-0000-4000-8000-000000000001")!

    static func error(_ number: virErrorNumber, _ message: String) -> LibvirtError {
        LibvirtError(code: Int32(number.rawValue), domain: Int32(VIR_FROM_QEMU.rawValue), message: message)
    }

    @Test func noDomainIsDomainNotFound() {
        let error = Self.error(VIR_ERR_NO_DOMAIN, "Domain not found: no domain with matching uuid")
        #expect(error.hypervisorError(domain: uuid) == .domainNotFound(uuid))
        #expect(error.detachRequestError(domain: uuid) == .domainGone)
    }

    @Test func operationInvalidIsAnInvalidState() {
        let error = Self.error(VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is not running")
        #expect(error.hypervisorError(domain: uuid) == .invalidState("Requested operation is not valid: domain is not running"))
    }

    @Test func aRefusedHotplugKeepsLibvirtsMessage() {
        let message = "unsupported configuration: host doesn't support passthrough of host PCI devices"
        let error = Self.error(VIR_ERR_CONFIG_UNSUPPORTED, message)
        #expect(error.hypervisorError(domain: uuid) == .operationFailed(message))
        #expect(error.detachRequestError(domain: uuid) == .refused(.operationFailed(message)))
    }

    @Test func deviceMissingAndOperationFailedNotFoundAreDeviceMissing() {
        let missing = Self.error(VIR_ERR_DEVICE_MISSING, "device not found: no device found with alias net1")
        #expect(missing.detachRequestError(domain: uuid) == .deviceMissing("device not found: no device found with alias net1"))
        let notFound = Self.error(VIR_ERR_OPERATION_FAILED, "operation failed: matching device not found")
        #expect(notFound.detachRequestError(domain: uuid) == .deviceMissing("operation failed: matching device not found"))
        let otherFailure = Self.error(VIR_ERR_OPERATION_FAILED, "operation failed: monitor closed")
        #expect(otherFailure.detachRequestError(domain: uuid) == .refused(.operationFailed("operation failed: monitor closed")))
    }

    @Test func alreadyInTheProcessOfUnplugIsAPendingUnplug() {
        let message = "internal error: unable to execute QEMU command 'device_del': Device net1 is already in the process of unplug"
        #expect(Self.error(VIR_ERR_INTERNAL_ERROR, message).detachRequestError(domain: uuid) == .unplugInProgress(message))
        let busy = "internal error: unable to execute QEMU command 'device_del': Hot-unplug failed: guest is busy (power indicator blinking)"
        #expect(Self.error(VIR_ERR_INTERNAL_ERROR, busy).detachRequestError(domain: uuid) == .refused(.operationFailed(busy)))
    }

    @Test func aClosedSocketIsAnInternalError() {
        let message = "internal error: client socket is closed"
        #expect(Self.error(VIR_ERR_INTERNAL_ERROR, message).hypervisorError(domain: uuid) == .internalError(message))
    }

    @Test func aBadURIFailsToConnectWithLibvirtsMessageAndPrintsNothing() {
        #expect {
            _ = try LibvirtHypervisor(options: LibvirtOptions(uri: "qemu:///system?socket=/nonexistent/libvirt-sock"))
        } throws: { error in
            guard case HypervisorError.internalError(let message) = error else { return false }
            return message.hasPrefix("cannot connect to libvirt at qemu:///system?socket=/nonexistent/libvirt-sock: ")
                && message.contains("Failed to connect socket to '/nonexistent/libvirt-sock'")
        }
    }
}
