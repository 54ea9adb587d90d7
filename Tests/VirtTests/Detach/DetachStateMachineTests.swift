import Foundation
import Testing
@testable import Virt

/// Every path of nova-behavior §6.4 (and the §7.6 `_detach_with_retry` list), walked
/// event by event.
struct DetachStateMachineTests {
    let domain = UUID(uuidString: "7E1F0000-0000-4000-8000-000000000001")!
    let timeout = Duration.milliseconds(20)

    func machine(attempts: Int = 3, device: GuestDevice = Fixture.pfHostdev) -> DetachStateMachine {
        DetachStateMachine(device: device, domain: domain, policy: DetachPolicy(timeout: timeout, attempts: attempts))
    }

    @Test func deviceInNeitherConfigIsNotFound() {
        var running = machine()
        #expect(running.start(persistentFound: false, live: .absent) == .finish(.notFound))
        #expect(running.isFinished)
        var shutOff = machine()
        #expect(shutOff.start(persistentFound: false, live: .notLive) == .finish(.notFound))
    }

    @Test func shutOffDomainIsDetachedFromThePersistentConfigOnly() {
        var m = machine()
        #expect(m.start(persistentFound: true, live: .notLive) == .detachPersistent)
        #expect(m.persistentDetached(error: nil) == .rereadPersistent)
        #expect(m.persistentConfigReread(found: false) == .finish(.removed))
        #expect(m.isFinished)
    }

    @Test func runningDomainPersistentFirstThenLiveConfirmedByEventAndReread() {
        var m = machine()
        #expect(m.start(persistentFound: true, live: .present(alias: "hostdev0")) == .detachPersistent)
        #expect(m.persistentDetached(error: nil) == .rereadPersistent)
        #expect(m.persistentConfigReread(found: false) == .registerWaiterAndDetachLive(alias: "hostdev0", attempt: 1))
        #expect(m.liveDetachIssued(error: nil) == .wait(timeout))
        #expect(m.deviceRemovedEvent() == .rereadLive)
        #expect(m.liveConfigReread(found: false) == .finish(.removed))
    }

    @Test func liveOnlyDeviceSkipsThePersistentDetach() {
        var m = machine()
        #expect(m.start(persistentFound: false, live: .present(alias: "net1")) == .registerWaiterAndDetachLive(alias: "net1", attempt: 1))
    }

    @Test func persistentOnlyDeviceOfARunningDomainNeedsNoLiveDetach() {
        var m = machine()
        #expect(m.start(persistentFound: true, live: .absent) == .detachPersistent)
        #expect(m.persistentDetached(error: nil) == .rereadPersistent)
        #expect(m.persistentConfigReread(found: false) == .finish(.removed))
    }

    @Test func liveDeviceWithoutAliasFailsBeforeAnythingIsTouched() {
        var m = machine()
        let action = m.start(persistentFound: true, live: .present(alias: nil))
        guard case .fail(.internalError(let message)) = action else {
            Issue.record("expected an internal error, got \(action)")
            return
        }
        #expect(message.contains("PCI hostdev 0000:81:00.0"))
        #expect(message.contains("7e1f0000-0000-4000-8000-000000000001"))
        #expect(message.contains("has no alias"))
        #expect(m.isFinished)
    }

    @Test func persistentNotFoundIsIgnoredWhenTheLiveDeviceExists() {
        var m = machine()
        _ = m.start(persistentFound: true, live: .present(alias: "hostdev0"))
        #expect(m.persistentDetached(error: .deviceMissing("device not found")) == .registerWaiterAndDetachLive(alias: "hostdev0", attempt: 1))
    }

    @Test func persistentNotFoundWithoutLiveDeviceIsNotFound() {
        var m = machine()
        _ = m.start(persistentFound: true, live: .notLive)
        #expect(m.persistentDetached(error: .deviceMissing("device not found")) == .finish(.notFound))
    }

    @Test func persistentDetachOnAVanishedDomainIsDomainGone() {
        var m = machine()
        _ = m.start(persistentFound: true, live: .present(alias: "hostdev0"))
        #expect(m.persistentDetached(error: .domainGone) == .finish(.domainGone))
    }

    @Test func persistentDetachRefusedFailsWithTheHypervisorsError() {
        var m = machine()
        _ = m.start(persistentFound: true, live: .present(alias: "hostdev0"))
        #expect(m.persistentDetached(error: .refused(.operationFailed("boom"))) == .fail(.operationFailed("boom")))
        var other = machine()
        _ = other.start(persistentFound: true, live: .notLive)
        #expect(other.persistentDetached(error: .unplugInProgress("in progress")) == .fail(.operationFailed("in progress")))
    }

    @Test func deviceStillInThePersistentConfigStopsBeforeTheLiveDetach() {
        var m = machine()
        _ = m.start(persistentFound: true, live: .present(alias: "hostdev0"))
        _ = m.persistentDetached(error: nil)
        let action = m.persistentConfigReread(found: true)
        guard case .finish(.removalFailed(let message)) = action else {
            Issue.record("expected removalFailed, got \(action)")
            return
        }
        #expect(message.contains("still in the persistent configuration"))
        #expect(m.isFinished)
    }

    @Test func removalFailedEventStopsAtOnceWithoutRetry() {
        var m = machine(attempts: 8)
        _ = m.start(persistentFound: false, live: .present(alias: "hostdev0"))
        _ = m.liveDetachIssued(error: nil)
        let action = m.removalFailedEvent()
        guard case .finish(.removalFailed(let message)) = action else {
            Issue.record("expected removalFailed, got \(action)")
            return
        }
        #expect(message.contains("device-removal-failed"))
        #expect(message.contains("hostdev0"))
        #expect(m.isFinished)
    }

    @Test func timeoutThenRetryThatSucceeds() {
        var m = machine(attempts: 3)
        _ = m.start(persistentFound: false, live: .present(alias: "net0"))
        _ = m.liveDetachIssued(error: nil)
        #expect(m.waitTimedOut() == .rereadLive)
        #expect(m.liveConfigReread(found: true) == .registerWaiterAndDetachLive(alias: "net0", attempt: 2))
        #expect(m.liveDetachIssued(error: nil) == .wait(timeout))
        #expect(m.deviceRemovedEvent() == .rereadLive)
        #expect(m.liveConfigReread(found: false) == .finish(.removed))
    }

    @Test func timeoutButGoneFromTheLiveXMLIsRemovedWithoutAnEvent() {
        var m = machine(attempts: 3)
        _ = m.start(persistentFound: false, live: .present(alias: "net0"))
        _ = m.liveDetachIssued(error: nil)
        _ = m.waitTimedOut()
        #expect(m.liveConfigReread(found: false) == .finish(.removed))
    }

    @Test func timeoutThenAlreadyInTheProcessOfUnplugIsTolerated() {
        var m = machine(attempts: 3)
        _ = m.start(persistentFound: false, live: .present(alias: "net0"))
        _ = m.liveDetachIssued(error: nil)
        _ = m.waitTimedOut()
        _ = m.liveConfigReread(found: true)
        let busy = DetachRequestError.unplugInProgress("Device net0 is already in the process of unplug")
        #expect(m.liveDetachIssued(error: busy) == .wait(timeout))
        #expect(m.deviceRemovedEvent() == .rereadLive)
        #expect(m.liveConfigReread(found: false) == .finish(.removed))
    }

    @Test(arguments: [1, 2, 8])
    func outOfAttemptsIsTimedOutAfterExactlyThatManyRequests(_ attempts: Int) {
        var m = machine(attempts: attempts)
        var action = m.start(persistentFound: true, live: .present(alias: "hostdev0"))
        action = m.persistentDetached(error: nil)
        action = m.persistentConfigReread(found: false)
        var requests = 0
        while case .registerWaiterAndDetachLive(_, let attempt) = action {
            requests += 1
            #expect(attempt == requests)
            _ = m.liveDetachIssued(error: nil)
            _ = m.waitTimedOut()
            action = m.liveConfigReread(found: true)
        }
        #expect(requests == attempts)
        #expect(action == .finish(.timedOut(attempts: attempts)))
    }

    @Test func eventButStillInTheLiveXMLIsRetried() {
        var m = machine(attempts: 2)
        _ = m.start(persistentFound: false, live: .present(alias: "hostdev0"))
        _ = m.liveDetachIssued(error: nil)
        _ = m.deviceRemovedEvent()
        #expect(m.liveConfigReread(found: true) == .registerWaiterAndDetachLive(alias: "hostdev0", attempt: 2))
    }

    @Test func liveDeviceMissingIsConfirmedByRereading() {
        var m = machine()
        _ = m.start(persistentFound: true, live: .present(alias: "hostdev0"))
        _ = m.persistentDetached(error: nil)
        _ = m.persistentConfigReread(found: false)
        #expect(m.liveDetachIssued(error: .deviceMissing("no device found with alias hostdev0")) == .rereadLive)
        #expect(m.liveConfigReread(found: false) == .finish(.removed))
    }

    @Test func liveDeviceMissingButStillListedCountsAsAnAttempt() {
        var m = machine(attempts: 1)
        _ = m.start(persistentFound: false, live: .present(alias: "hostdev0"))
        _ = m.liveDetachIssued(error: .deviceMissing("not found"))
        #expect(m.liveConfigReread(found: true) == .finish(.timedOut(attempts: 1)))
    }

    @Test func liveDetachOnAVanishedDomainIsDomainGone() {
        var m = machine()
        _ = m.start(persistentFound: false, live: .present(alias: "hostdev0"))
        #expect(m.liveDetachIssued(error: .domainGone) == .finish(.domainGone))
    }

    @Test func anyOtherLiveDetachErrorIsReraised() {
        var m = machine()
        _ = m.start(persistentFound: false, live: .present(alias: "hostdev0"))
        #expect(m.liveDetachIssued(error: .refused(.operationFailed("QEMU said no"))) == .fail(.operationFailed("QEMU said no")))
        #expect(m.isFinished)
    }

    @Test func domainVanishingMidwayIsDomainGone() {
        var waiting = machine()
        _ = waiting.start(persistentFound: false, live: .present(alias: "hostdev0"))
        _ = waiting.liveDetachIssued(error: nil)
        #expect(waiting.domainVanished() == .finish(.domainGone))
        var rereading = machine()
        _ = rereading.start(persistentFound: true, live: .notLive)
        _ = rereading.persistentDetached(error: nil)
        #expect(rereading.domainVanished() == .finish(.domainGone))
    }

    @Test func domainVanishingDuringTheLookupsIsDomainGone() {
        var m = machine()
        #expect(m.domainVanished() == .finish(.domainGone))
        #expect(m.isFinished)
    }

    @Test(arguments: [0, -3])
    func fewerThanOneAttemptMeansOne(_ attempts: Int) {
        var m = machine(attempts: attempts)
        #expect(m.attempts == 1)
        _ = m.start(persistentFound: false, live: .present(alias: "net0"))
        _ = m.liveDetachIssued(error: nil)
        _ = m.waitTimedOut()
        #expect(m.liveConfigReread(found: true) == .finish(.timedOut(attempts: 1)))
    }
}
