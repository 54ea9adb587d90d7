import Foundation
import Testing
@testable import Virt

struct DetachDriverTests {
    let domain = UUID()
    let fast = DetachPolicy(timeout: .milliseconds(20), attempts: 3)

    func detach(_ backend: ScriptedDetachBackend, policy: DetachPolicy? = nil) async throws -> DetachOutcome {
        try await DetachDriver(backend: backend).detach(Fixture.pfHostdev, from: domain, policy: policy ?? fast)
    }

    @Test func runningDomainPersistentThenLiveAndTheEarlyEventIsNotLost() async throws {
        let backend = ScriptedDetachBackend()
        // The guest answers inside the request; only a waiter registered before it hears that.
        #expect(try await detach(backend, policy: Fixture.eventDriven) == .removed)
        #expect(await backend.calls == [
            "state", "find persistent", "find live", "detach persistent", "find persistent", "detach live", "find live",
        ])
        #expect(await backend.eventReach == [1])
        #expect(await backend.waiterCount() == 0)
    }

    @Test func theLiveRequestCarriesTheDomainsAlias() async throws {
        let backend = ScriptedDetachBackend(liveAlias: "ua-sriov-pf")
        _ = try await detach(backend)
        #expect(await backend.liveRequests.map(\.alias) == ["ua-sriov-pf"])
    }

    @Test func shutOffDomainOnlyLosesThePersistentDevice() async throws {
        let backend = ScriptedDetachBackend(state: .shutoff)
        #expect(try await detach(backend) == .removed)
        #expect(await backend.calls == ["state", "find persistent", "detach persistent", "find persistent"])
    }

    @Test func missingDomainIsDomainGone() async throws {
        let backend = ScriptedDetachBackend(state: nil)
        #expect(try await detach(backend) == .domainGone)
        #expect(await backend.calls == ["state"])
    }

    @Test func suspendedDomainIsRefused() async throws {
        let backend = ScriptedDetachBackend(state: .suspended)
        let error = try await #require(throws: HypervisorError.self) { try await detach(backend) }
        guard case .invalidState(let message) = error else {
            Issue.record("expected invalidState, got \(error)")
            return
        }
        #expect(message.contains("suspended"))
        #expect(await backend.calls == ["state"])
    }

    @Test func deviceInNeitherConfigIsNotFound() async throws {
        let backend = ScriptedDetachBackend(persistentPresent: false, livePresent: false)
        #expect(try await detach(backend) == .notFound)
        #expect(await !backend.calls.contains { $0.hasPrefix("detach") })
    }

    @Test func guestThatNeverAnswersTimesOutAfterEveryAttempt() async throws {
        let backend = ScriptedDetachBackend(guestReaction: nil)
        #expect(try await detach(backend) == .timedOut(attempts: 3))
        #expect(await backend.calls.filter { $0 == "detach live" }.count == 3)
        #expect(await backend.waiterCount() == 0)
    }

    @Test func removalFailedStopsAfterOneRequest() async throws {
        let backend = ScriptedDetachBackend(guestReaction: .removalFailed)
        let outcome = try await detach(backend, policy: DetachPolicy(timeout: .seconds(30), attempts: 8))
        guard case .removalFailed = outcome else {
            Issue.record("expected removalFailed, got \(outcome)")
            return
        }
        #expect(await backend.calls.filter { $0 == "detach live" }.count == 1)
        #expect(await backend.waiterCount() == 0)
    }

    @Test func busyAnswerKeepsTheWaiterForTheEarlierUnplugsEvent() async throws {
        let backend = ScriptedDetachBackend(
            liveAnswers: [.unplugInProgress("Device hostdev0 is already in the process of unplug")], earlierUnplugCompletesOnBusy: true)
        #expect(try await detach(backend, policy: Fixture.eventDriven) == .removed)
        #expect(await backend.eventReach == [1])
        #expect(await backend.waiterCount() == 0)
    }

    @Test func refusedLiveRequestIsThrownAndItsWaiterDropped() async throws {
        let backend = ScriptedDetachBackend(liveAnswers: [.refused(.operationFailed("QEMU said no"))])
        await #expect(throws: HypervisorError.operationFailed("QEMU said no")) { try await detach(backend) }
        #expect(await backend.waiterCount() == 0)
    }

    @Test func liveDeviceMissingIsConfirmedByReading() async throws {
        let backend = ScriptedDetachBackend(livePresent: true, liveAnswers: [.deviceMissing("no device found with alias hostdev0")], guestReaction: nil)
        // The script keeps listing the device, so the driver must not trust the answer.
        #expect(try await detach(backend) == .timedOut(attempts: 3))
        #expect(await backend.waiterCount() == 0)
    }

    @Test func domainVanishingDuringTheDetachIsDomainGone() async throws {
        let backend = ScriptedDetachBackend(guestReaction: nil, vanishOnLiveReread: true)
        #expect(try await detach(backend) == .domainGone)
        #expect(await backend.waiterCount() == 0)
    }

    @Test func domainGoneAnswerToTheLiveRequestIsDomainGone() async throws {
        let backend = ScriptedDetachBackend(liveAnswers: [.domainGone])
        #expect(try await detach(backend) == .domainGone)
        #expect(await backend.waiterCount() == 0)
    }

    @Test func persistentNotFoundStillDetachesTheLiveDevice() async throws {
        let backend = ScriptedDetachBackend(persistentAnswer: .deviceMissing("device not found"))
        #expect(try await detach(backend) == .removed)
        #expect(await backend.calls.contains("detach live"))
    }

    @Test func domainVanishingBetweenTheStateAndTheLookupsIsDomainGone() async throws {
        let backend = ScriptedDetachBackend(lookupError: .domainNotFound(domain))
        #expect(try await detach(backend) == .domainGone)
        #expect(await backend.calls == ["state", "find persistent"])
    }

    @Test func lookupFailuresOtherThanAMissingDomainAreThrown() async throws {
        let backend = ScriptedDetachBackend(lookupError: .internalError("the domain XML is not well-formed XML"))
        await #expect(throws: HypervisorError.internalError("the domain XML is not well-formed XML")) { try await detach(backend) }
    }

    @Test func liveDeviceWithoutAliasFailsWithoutTouchingAnything() async throws {
        let backend = ScriptedDetachBackend(liveAlias: nil)
        let error = try await #require(throws: HypervisorError.self) { try await detach(backend) }
        guard case .internalError(let message) = error else {
            Issue.record("expected internalError, got \(error)")
            return
        }
        #expect(message.contains("has no alias"))
        #expect(await !backend.calls.contains { $0.hasPrefix("detach") })
    }
}
