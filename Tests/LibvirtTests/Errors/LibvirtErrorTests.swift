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

    static func transportError(_ number: virErrorNumber, _ message: String, from domain: virErrorDomain = VIR_FROM_RPC) -> LibvirtError {
        LibvirtError(code: Int32(number.rawValue), domain: Int32(domain.rawValue), message: message)
    }

    /// What calls on a connection whose libvirtd went away answer (the RPC layer's and the
    /// remote driver's errors; Nova reads the same codes and domains as a broken connection).
    static let lostConnection: [LibvirtError] = [
        transportError(VIR_ERR_INTERNAL_ERROR, "internal error: client socket is closed"),
        transportError(VIR_ERR_SYSTEM_ERROR, "Cannot recv data: Connection reset by peer"),
        transportError(VIR_ERR_SYSTEM_ERROR, "Cannot write data: Broken pipe"),
        transportError(VIR_ERR_SYSTEM_ERROR, "End of file while reading data: Input/output error"),
        transportError(VIR_ERR_SYSTEM_ERROR, "Failed to connect socket to '/run/libvirt/libvirt-sock': Connection refused", from: VIR_FROM_REMOTE),
        transportError(VIR_ERR_INVALID_CONN, "invalid connection pointer in virDomainGetState", from: VIR_FROM_DOMAIN),
        LibvirtError.notConnected(uri: "qemu:///system", reason: "libvirtd closed the connection"),
    ]

    @Test(arguments: lostConnection)
    func aLostConnectionIsAnInternalErrorNeverNotFound(error: LibvirtError) {
        #expect(error.isConnectionLoss)
        guard case .internalError(let message) = error.hypervisorError(domain: uuid) else {
            Issue.record("\(error) became \(error.hypervisorError(domain: uuid))")
            return
        }
        #expect(message.contains(error.message))
        #expect(message.contains("connection"))
        // A refusal of the persistent request; the live one may have reached QEMU before
        // the connection went, so the detach keeps waiting and the live XML decides.
        #expect(error.detachRequestError(domain: uuid) == .refused(error.hypervisorError(domain: uuid)))
        guard case .unplugInProgress(let reason) = error.liveDetachRequestError(domain: uuid) else {
            Issue.record("the live detach request's \(error) is not a pending unplug")
            return
        }
        #expect(reason.contains(error.message))
    }

    @Test func theOtherPartsSystemAndInternalErrorsAreRefusalsNotLosses() {
        // QEMU's and the domain's own errors name the device or the guest, not the link.
        let mac = Self.error(VIR_ERR_SYSTEM_ERROR, "Cannot get interface MAC on 'eth9': No such device")
        #expect(!mac.isConnectionLoss)
        #expect(mac.hypervisorError(domain: uuid) == .operationFailed("Cannot get interface MAC on 'eth9': No such device"))
        let unplug = Self.error(VIR_ERR_INTERNAL_ERROR, "internal error: unable to execute QEMU command 'device_del': Device net1 is already in the process of unplug")
        #expect(!unplug.isConnectionLoss)
        #expect(unplug.liveDetachRequestError(domain: uuid) == unplug.detachRequestError(domain: uuid))
        let noDomain = Self.error(VIR_ERR_NO_DOMAIN, "Domain not found")
        #expect(!noDomain.isConnectionLoss)
        #expect(noDomain.liveDetachRequestError(domain: uuid) == .domainGone)
    }

    @Test func aCallThatFoundTheConnectionClosedSaysSoWhateverLibvirtCalledIt() {
        let error = LibvirtError.lostDuringCall(uri: "qemu:///system", Self.error(VIR_ERR_OPERATION_FAILED, "operation failed: odd"))
        #expect(error.isConnectionLoss)
        #expect(error.hypervisorError(domain: uuid) == .internalError(
            "the connection to libvirt at qemu:///system closed during the call (operation failed: odd); it is being opened again"))
    }

    /// A libvirtd that does not answer at start-up is connected to later: the driver is
    /// made, and calls meanwhile fail saying why (issue 11). A URI a driver refuses is a
    /// configuration error at once (here, the test driver's missing node file).
    @Test func anUnansweredSocketStartsDisconnectedAndAnUnknownDriverFailsAtOnce() async {
        let unreachable = "qemu:///system?socket=/nonexistent/libvirt-sock"
        let hypervisor = try? LibvirtHypervisor(options: LibvirtOptions(uri: unreachable))
        #expect(hypervisor != nil)
        await #expect {
            _ = try await hypervisor?.domains()
        } throws: { error in
            guard case HypervisorError.internalError(let message) = error else { return false }
            return message.contains("no connection to libvirt at \(unreachable)") && message.contains("Failed to connect socket to '/nonexistent/libvirt-sock'")
        }
        #expect {
            _ = try LibvirtHypervisor(options: LibvirtOptions(uri: "test:///nonexistent/node.xml"))
        } throws: { error in
            guard case HypervisorError.internalError(let message) = error else { return false }
            return message.hasPrefix("cannot connect to libvirt at test:///nonexistent/node.xml: ")
        }
    }
}
