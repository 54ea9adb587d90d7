import Foundation
import Store
import Testing
@testable import Compute

/// Suspend and resume as Nova's libvirt driver does them: passthrough devices out of the
/// guest before the save, back after the restore; whatever goes wrong puts back what was
/// taken out, quarantines what cannot be confirmed, and never frees anything.
struct SuspendMachineTests {
    let vf = plan().interface
    var pf: VirtualInterface {
        var pf = plan().interface
        pf.portID = "p2"
        pf.vnicType = "direct-physical"
        return pf
    }

    @Test func aSuspendDetachesEachDeviceThenSaves() {
        var machine = SuspendMachine(operation: .suspend)
        #expect(machine.start(passthrough: [vf, pf]) == .detach(vf))
        #expect(machine.guestReleased() == .detach(pf))
        #expect(machine.guestReleased() == .save)
        let done = SuspendMachine.Outcome(vmState: .suspended, quarantined: [], failure: nil)
        #expect(machine.saved() == .commit(done))
        #expect(machine.committed() == .finish(done))
        #expect(machine.isFinished)
    }

    @Test func aServerWithoutPassthroughDevicesIsSavedAtOnce() {
        var machine = SuspendMachine(operation: .suspend)
        #expect(machine.start(passthrough: []) == .save)
    }

    @Test func aRefusedSavePutsEveryDetachedDeviceBackAndStaysActive() {
        var machine = SuspendMachine(operation: .suspend)
        _ = machine.start(passthrough: [vf, pf])
        _ = machine.guestReleased()
        _ = machine.guestReleased()
        #expect(machine.saveFailed("no space") == .plug(vf))
        #expect(machine.plugged() == .plug(pf))
        #expect(machine.plugged() == .commit(.init(vmState: .active, quarantined: [], failure: "the managed save failed: no space")))
    }

    @Test func aGuestThatRefusesKeepsItsDeviceAndTheOthersGoBack() {
        var machine = SuspendMachine(operation: .suspend)
        _ = machine.start(passthrough: [vf, pf])
        _ = machine.guestReleased()
        let action = machine.guestRefused("removal failed")
        #expect(action == .plug(vf))
        guard case .commit(let outcome) = machine.plugged() else { Issue.record("no commit"); return }
        #expect(outcome.vmState == .active)
        #expect(outcome.quarantined.isEmpty)
        #expect(outcome.failure?.contains("refused to release the device 0000:02:00.1 of port p2") == true)
    }

    @Test func anUnconfirmedRemovalQuarantinesThatDevice() {
        var machine = SuspendMachine(operation: .suspend)
        _ = machine.start(passthrough: [vf])
        guard case .commit(let outcome) = machine.guestUnconfirmed("no event after 2 attempts") else { Issue.record("no commit"); return }
        #expect(outcome.vmState == .active)
        #expect(outcome.quarantined.map(\.interface) == [vf])
    }

    @Test func aResumeRestoresThenPlugsEachDevice() {
        var machine = SuspendMachine(operation: .resume)
        #expect(machine.start(passthrough: [vf, pf]) == .restore)
        #expect(machine.restored() == .plug(vf))
        #expect(machine.plugged() == .plug(pf))
        #expect(machine.plugged() == .commit(.init(vmState: .active, quarantined: [], failure: nil)))
    }

    @Test func aDeviceThatCannotComeBackIsQuarantinedTheOthersAreTriedAndTheServerErrs() {
        var machine = SuspendMachine(operation: .resume)
        _ = machine.start(passthrough: [vf, pf])
        _ = machine.restored()
        #expect(machine.plugFailed("device_add failed") == .plug(pf))
        guard case .commit(let outcome) = machine.plugged() else { Issue.record("no commit"); return }
        #expect(outcome.vmState == .error)
        #expect(outcome.quarantined.map(\.interface) == [vf])
        #expect(outcome.failure?.contains("could not be plugged back into the guest: device_add failed") == true)
    }

    @Test func aRestoreThatFailsErrsWithNothingQuarantined() {
        var machine = SuspendMachine(operation: .resume)
        _ = machine.start(passthrough: [vf])
        #expect(machine.restoreFailed("corrupt image")
            == .commit(.init(vmState: .error, quarantined: [], failure: "the saved guest could not be started: corrupt image")))
        #expect(machine.commitFailed("disk full") == .finishUnrecorded(
            .init(vmState: .error, quarantined: [], failure: "the saved guest could not be started: corrupt image"), reason: "disk full"))
    }
}
