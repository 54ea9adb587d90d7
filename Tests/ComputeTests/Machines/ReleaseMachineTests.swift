import Testing
@testable import Compute

/// The one undo policy: a device is freed only after everything that may hold it has
/// confirmed it let go; anything unconfirmed quarantines it, owned, for a retry.
struct ReleaseMachineTests {
    @Test func guestThenPortThenFree() {
        var machine = ReleaseMachine(purpose: .undo)
        #expect(machine.start(plan()) == .releaseFromGuest(plan()))
        #expect(machine.guestReleased() == .unbindPort(plan(guest: false)))
        #expect(machine.portUnbound() == .free(plan(guest: false, port: false)))
        #expect(machine.settled() == .finish(.freed))
        #expect(machine.isFinished)
    }

    @Test func onlyWhatMayHoldTheDeviceIsAsked() {
        var unplugged = ReleaseMachine(purpose: .undo)
        #expect(unplugged.start(plan(guest: false)) == .unbindPort(plan(guest: false)))
        var nothing = ReleaseMachine(purpose: .undo)
        #expect(nothing.start(plan(guest: false, port: false)) == .free(plan(guest: false, port: false)))
    }

    @Test func anUnconfirmedGuestQuarantinesAndLeavesThePortBound() {
        var machine = ReleaseMachine(purpose: .detach)
        _ = machine.start(plan())
        #expect(machine.guestUnconfirmed("no event after 2 attempts") == .quarantine(plan(), reason: "no event after 2 attempts"))
        #expect(machine.settled() == .finish(.quarantined(reason: "no event after 2 attempts")))
    }

    @Test func aRefusingGuestKeepsTheDeviceAllocatedOnADetachAndQuarantinesOnAnUndo() {
        var detach = ReleaseMachine(purpose: .detach)
        _ = detach.start(plan())
        #expect(detach.guestRefused("removal failed") == .restoreAllocated(plan(), reason: "removal failed"))
        #expect(detach.settled() == .finish(.restored(reason: "removal failed")))
        var undo = ReleaseMachine(purpose: .undo)
        _ = undo.start(plan())
        #expect(undo.guestRefused("removal failed") == .quarantine(plan(), reason: "removal failed"))
    }

    @Test func anUnconfirmedUnbindQuarantinesWithTheRemainingPlan() {
        var machine = ReleaseMachine(purpose: .detach)
        _ = machine.start(plan())
        _ = machine.guestReleased()
        let reason = "the guest released the device but the port could not be unbound: 503"
        // The retry starts from the port: the guest is known to have let go.
        #expect(machine.unbindUnconfirmed("503") == .quarantine(plan(guest: false), reason: reason))
    }

    @Test func aLedgerThatCannotRecordTheEndFailsTheRelease() {
        var machine = ReleaseMachine(purpose: .undo)
        _ = machine.start(plan(guest: false, port: false))
        #expect(machine.settleFailed("disk I/O error") == .finish(.failed(reason: "disk I/O error")))
    }
}
