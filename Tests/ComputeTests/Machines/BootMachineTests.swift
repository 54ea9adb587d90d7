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
}
