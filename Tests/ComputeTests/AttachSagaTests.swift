import ComputeModel
import Testing
@testable import Compute

/// Every path through the attach saga: each failure undoes exactly the earlier steps, in
/// reverse, and the undo goes on when one of its own steps fails.
struct AttachSagaTests {
    let boom = ComputeError.internalError("boom")

    @Test func happyPathClaimsBindsPlugsCommits() {
        var saga = AttachSaga()
        #expect(saga.start() == .claimDevice)
        #expect(saga.handle(.stepSucceeded) == .bindPort)
        #expect(saga.handle(.stepSucceeded) == .plugDevice)
        #expect(saga.handle(.stepSucceeded) == .commit)
        #expect(saga.handle(.stepSucceeded) == .finishSucceeded)
        #expect(saga.state == .succeeded)
    }

    @Test func failedClaimUndoesNothing() {
        var saga = AttachSaga()
        _ = saga.start()
        let refusal = ComputeError.badRequest("Failed to claim PCI device for x during interface attach: no VF")
        #expect(saga.handle(.stepFailed(refusal)) == .finishFailed(refusal, leftovers: []))
        #expect(saga.state == .failed)
    }

    @Test func failedBindingUnbindsThenFreesTheClaim() {
        var saga = AttachSaga()
        _ = saga.start()
        _ = saga.handle(.stepSucceeded)
        #expect(saga.handle(.stepFailed(boom)) == .unbindPort)
        #expect(saga.handle(.stepSucceeded) == .freeClaim)
        #expect(saga.handle(.stepSucceeded) == .finishFailed(boom, leftovers: []))
    }

    /// A bind that timed out may still land, and the undo could not take it back: the
    /// device is quarantined, never freed to be handed out again.
    @Test func failedBindingWhoseUndoFailsQuarantinesAndReportsThePort() {
        var saga = AttachSaga()
        _ = saga.start()
        _ = saga.handle(.stepSucceeded)
        #expect(saga.handle(.stepFailed(boom)) == .unbindPort)
        #expect(saga.handle(.stepFailed(.internalError("Neutron timed out"))) == .quarantineClaim(reason: "port left bound: Neutron timed out"))
        #expect(saga.handle(.stepSucceeded) == .finishFailed(boom, leftovers: ["port left bound: Neutron timed out"]))
    }

    @Test func aQuarantineThatFailsIsReportedToo() {
        var saga = AttachSaga()
        _ = saga.start()
        _ = saga.handle(.stepSucceeded)
        _ = saga.handle(.stepFailed(boom))
        _ = saga.handle(.stepFailed(.internalError("Neutron timed out")))
        #expect(saga.handle(.stepFailed(.internalError("disk full"))) == .finishFailed(boom, leftovers: [
            "port left bound: Neutron timed out", "device not quarantined: disk full",
        ]))
    }

    @Test func failedPlugUnbindsThenFrees() {
        var saga = AttachSaga()
        _ = saga.start()
        _ = saga.handle(.stepSucceeded)
        _ = saga.handle(.stepSucceeded)
        #expect(saga.handle(.stepFailed(boom)) == .unbindPort)
        #expect(saga.handle(.stepSucceeded) == .freeClaim)
        #expect(saga.handle(.stepSucceeded) == .finishFailed(boom, leftovers: []))
    }

    @Test func failedCommitUnplugsUnbindsFrees() {
        var saga = AttachSaga()
        _ = saga.start()
        for _ in 0..<3 { _ = saga.handle(.stepSucceeded) }
        #expect(saga.handle(.stepFailed(boom)) == .unplugDevice)
        #expect(saga.handle(.stepSucceeded) == .unbindPort)
        #expect(saga.handle(.stepSucceeded) == .freeClaim)
        #expect(saga.handle(.stepSucceeded) == .finishFailed(boom, leftovers: []))
    }

    @Test func undoContinuesPastItsOwnFailuresQuarantinesAndReportsThem() {
        var saga = AttachSaga()
        _ = saga.start()
        for _ in 0..<3 { _ = saga.handle(.stepSucceeded) }
        _ = saga.handle(.stepFailed(boom))
        #expect(saga.handle(.stepFailed(.internalError("guest stuck"))) == .unbindPort)
        #expect(saga.handle(.stepFailed(.internalError("network down"))) == .quarantineClaim(
            reason: "device left in the guest: guest stuck; port left bound: network down"))
        #expect(saga.handle(.stepSucceeded) == .finishFailed(boom, leftovers: [
            "device left in the guest: guest stuck", "port left bound: network down",
        ]))
    }
}
