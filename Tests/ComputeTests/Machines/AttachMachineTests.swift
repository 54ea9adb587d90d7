@testable import Compute
import ComputeModel
import NetworkModel
import Testing

/// The attach records what each completed step may leave holding the device, and a failure
/// hands exactly that to the release.
struct AttachMachineTests {
    func bound() -> AttachMachine {
        var machine = AttachMachine()
        _ = machine.start()
        _ = machine.claimed(plan(guest: false, port: false))
        return machine
    }

    @Test func claimBindPlugCommit() {
        var machine = AttachMachine()
        #expect(machine.start() == .claim)
        #expect(machine.claimed(plan(guest: false, port: false)) == .bind(plan(guest: false, port: false)))
        #expect(machine.bound(vifType: "hw_veb") == .plug(plan(guest: false, port: true)))
        var plugged = plan(guest: true, port: true)
        plugged.interface.vlan = 42
        #expect(machine.plugged(plugged.interface) == .commit(plugged))
        #expect(machine.committed() == .finishSucceeded)
        #expect(machine.isFinished)
    }

    @Test func aRefusedClaimHasNothingToUndo() {
        var machine = AttachMachine()
        _ = machine.start()
        #expect(machine.claimRefused(.noDeviceAvailable("no device")) == .finishFailed(.noDeviceAvailable("no device"), undo: nil))
    }

    @Test func bindingFailedWasAppliedSoTheUndoUnbinds() {
        var machine = bound()
        guard case .undo(let plan, let failure) = machine.bound(vifType: VIFType.bindingFailed) else {
            Issue.record("binding_failed must undo")
            return
        }
        #expect(plan.portMayBeBound && !plan.guestMayHoldDevice)
        #expect(failure.message == "Binding failed for port p1, please check neutron logs for more information.")
    }

    @Test(arguments: [
        (NetworkError.timedOut("late"), true), (.unavailable("503"), true),
        (.unreachable("refused"), false), (.conflict("in use"), false), (.badRequest("bad"), false), (.portNotFound("p1"), false),
    ])
    func aFailedBindIsTakenBackOnlyWhenItMayHaveLanded(error: NetworkError, mayHaveLanded: Bool) {
        var machine = bound()
        guard case .undo(let plan, _) = machine.bindFailed(error) else {
            Issue.record("a failed bind must undo")
            return
        }
        #expect(plan.portMayBeBound == mayHaveLanded)
        #expect(!plan.guestMayHoldDevice)
    }

    @Test func aFailedPlugAsksTheGuestToo() {
        var machine = bound()
        _ = machine.bound(vifType: "hw_veb")
        var asked = plan()
        asked.interface.vlan = 42
        #expect(machine.plugFailed(.unexpected(cause: "libvirt said no"), asked: asked.interface)
            == .undo(asked, failure: .unexpected(cause: "libvirt said no")))
        #expect(machine.undone(.freed) == .finishFailed(.unexpected(cause: "libvirt said no"), undo: .freed))
    }

    @Test func aGuestDeviceThatCouldNotBeBuiltTakesBackTheBindingAlone() {
        var machine = bound()
        _ = machine.bound(vifType: "hw_veb")
        let refusal = ComputeError.vifTypeUnpluggable(port: "p1", vifType: "vhostuser", reason: "no")
        #expect(machine.plugRefused(refusal) == .undo(plan(guest: false, port: true), failure: refusal))
    }

    @Test func aFailedCommitUndoesEverything() {
        var machine = bound()
        _ = machine.bound(vifType: "hw_veb")
        _ = machine.plugged(plan().interface)
        #expect(machine.commitFailed(.unexpected(cause: "disk full")) == .undo(plan(), failure: .unexpected(cause: "disk full")))
        #expect(machine.undone(.quarantined(reason: "port left bound")) == .finishFailed(.unexpected(cause: "disk full"), undo: .quarantined(reason: "port left bound")))
    }
}
