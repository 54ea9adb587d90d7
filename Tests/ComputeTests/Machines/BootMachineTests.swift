import Foundation
import ComputeModel
import Testing
@testable import Compute

/// A boot attaches its ports in order and ends ACTIVE, or ends in ERROR through the server
/// release whatever step failed.
struct BootMachineTests {
    @Test func domainThenEachPortThenActive() {
        var machine = BootMachine(portCount: 2)
        #expect(machine.start() == .startDomain)
        #expect(machine.domainStarted() == .attachPort(0))
        #expect(machine.portAttached() == .attachPort(1))
        #expect(machine.portAttached() == .activate)
        #expect(machine.activated() == .finishSucceeded)
        #expect(machine.isFinished)
    }

    @Test func aBootWithoutPortsGoesStraightToActive() {
        var machine = BootMachine(portCount: 0)
        _ = machine.start()
        #expect(machine.domainStarted() == .activate)
    }

    @Test func everyFailureEndsInErrorThroughTheRelease() {
        let error = ComputeError.unexpected(cause: "no")
        var domain = BootMachine(portCount: 1)
        _ = domain.start()
        #expect(domain.domainFailed(error) == .endInError(error))
        #expect(domain.endedInError() == .finishFailed(error))

        var port = BootMachine(portCount: 2)
        _ = port.start()
        _ = port.domainStarted()
        #expect(port.portFailed(error) == .endInError(error))

        var activation = BootMachine(portCount: 0)
        _ = activation.start()
        _ = activation.domainStarted()
        #expect(activation.activationFailed(error) == .endInError(error))
    }

    @Test func aPlacedBootWhoseClaimFindsNoDeviceWithdraws() {
        let lost = ComputeError.noDeviceAvailable("Failed to claim PCI device: no free VF on physnet1")
        var machine = BootMachine(portCount: 2, withdrawsOnLostClaim: true)
        _ = machine.start()
        _ = machine.domainStarted()
        #expect(machine.portAttached() == .attachPort(1))
        #expect(machine.portFailed(lost) == .withdraw(lost))
        #expect(!machine.isFinished)
        #expect(machine.withdrawn() == .finishWithdrawn(lost))
        #expect(machine.isFinished)
    }

    @Test func aWithdrawalThatCannotReleaseEndsInErrorAsAnyFailedBoot() {
        let lost = ComputeError.noDeviceAvailable("none")
        var machine = BootMachine(portCount: 1, withdrawsOnLostClaim: true)
        _ = machine.start()
        _ = machine.domainStarted()
        _ = machine.portFailed(lost)
        #expect(machine.withdrawFailed(.portsKeptBound(server: UUID(), ports: ["p"], cause: "503")) == .endInError(lost))
        #expect(machine.endedInError() == .finishFailed(lost))
    }

    @Test func onlyALostClaimOfAPlacedBootWithdraws() {
        let lost = ComputeError.noDeviceAvailable("none")
        var alone = BootMachine(portCount: 1)
        _ = alone.start()
        _ = alone.domainStarted()
        #expect(alone.portFailed(lost) == .endInError(lost))

        let other = ComputeError.bindingFailed(port: "p")
        var placed = BootMachine(portCount: 1, withdrawsOnLostClaim: true)
        _ = placed.start()
        _ = placed.domainStarted()
        #expect(placed.portFailed(other) == .endInError(other))
    }
}
