import Testing
@testable import Compute

/// The detach saga frees a device only after the guest released it and the port is
/// unbound; otherwise the device stays the server's.
struct DetachSagaTests {
    func released() -> DetachSaga {
        var saga = DetachSaga()
        _ = saga.start()
        _ = saga.handle(.stepSucceeded)
        return saga
    }

    @Test func releasedUnbindsThenFrees() {
        var saga = DetachSaga()
        #expect(saga.start() == .markDetaching)
        #expect(saga.handle(.stepSucceeded) == .releaseFromGuest)
        #expect(saga.handle(.guest(.released)) == .unbindPort)
        #expect(saga.handle(.stepSucceeded) == .freeDevice)
        #expect(saga.handle(.stepSucceeded) == .finishSucceeded)
        #expect(saga.state == .succeeded)
    }

    @Test func timeoutQuarantines() {
        var saga = released()
        #expect(saga.handle(.guest(.timedOut("8 attempts"))) == .quarantine(reason: "8 attempts"))
        #expect(saga.handle(.stepSucceeded) == .finishFailed("8 attempts"))
    }

    @Test func refusalRestoresAllocated() {
        var saga = released()
        #expect(saga.handle(.guest(.refused("removal failed"))) == .restoreAllocated(reason: "removal failed"))
        #expect(saga.handle(.stepSucceeded) == .finishFailed("removal failed"))
    }

    @Test func unbindFailureKeepsTheDeviceQuarantinedForARetry() {
        var saga = released()
        _ = saga.handle(.guest(.released))
        let reason = "the guest released the device but the port could not be unbound: 503"
        #expect(saga.handle(.stepFailed("503")) == .quarantine(reason: reason))
        #expect(saga.handle(.stepSucceeded) == .finishFailed(reason))
    }

    @Test func failingToMarkStopsBeforeTouchingTheGuest() {
        var saga = DetachSaga()
        _ = saga.start()
        #expect(saga.handle(.stepFailed("Port p is not attached")) == .finishFailed("Port p is not attached"))
    }
}
