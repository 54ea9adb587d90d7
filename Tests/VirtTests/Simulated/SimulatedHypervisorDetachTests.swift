import Foundation
import Testing
@testable import Virt

struct SimulatedHypervisorDetachTests {
    @Test(arguments: Fixture.allDevices)
    func runningGuestReleasesTheDeviceAndTheEventConfirmsIt(_ device: GuestDevice) async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .milliseconds(20))
        let uuid = try await hypervisor.makeDomain(devices: [device])
        let alias = try #require(try await hypervisor.liveDevices(of: uuid).first?.alias)
        #expect(try await hypervisor.detach(device, from: uuid, policy: Fixture.eventDriven) == .removed)
        #expect(try await !hypervisor.contains(device, in: uuid, live: true))
        #expect(try await !hypervisor.contains(device, in: uuid, live: false))
        #expect(await hypervisor.events() == [.init(domain: uuid, alias: alias, event: .removed)])
        #expect(await hypervisor.deviceEvents.count == 0)
    }

    @Test func zeroRemovalDelayStillGoesThroughTheEvent() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.pfHostdev])
        #expect(try await hypervisor.detach(Fixture.pfHostdev, from: uuid, policy: Fixture.eventDriven) == .removed)
        #expect(await hypervisor.events().map(\.event) == [.removed])
    }

    @Test func pfIsFoundByAddressAmongOtherHostdevs() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let otherPF = GuestDevice.hostdevPCI(address: .init(domain: 0, bus: 0x82, slot: 0, function: 0))
        let uuid = try await hypervisor.makeDomain(devices: [otherPF, Fixture.hostdevInterface, Fixture.pfHostdev])
        #expect(try await hypervisor.detach(Fixture.pfHostdev, from: uuid, policy: Fixture.eventDriven) == .removed)
        #expect(try await hypervisor.liveDevices(of: uuid).map(\.device) == [otherPF, Fixture.hostdevInterface])
        #expect(await hypervisor.events().map(\.alias) == ["hostdev2"])
    }

    @Test func interfacesSharingAMACAreDetachedBySource() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let first = GuestDevice.macvtap(mac: "52:54:00:aa:bb:cc", sourceDevice: "ens1f0v1", vlan: nil)
        let second = GuestDevice.macvtap(mac: "52:54:00:aa:bb:cc", sourceDevice: "ens1f0v2", vlan: nil)
        let uuid = try await hypervisor.makeDomain(devices: [first, second])
        #expect(try await hypervisor.detach(second, from: uuid, policy: Fixture.eventDriven) == .removed)
        #expect(try await hypervisor.liveDevices(of: uuid).map(\.device) == [first])
        #expect(try await hypervisor.persistentDevices(of: uuid).map(\.device) == [first])
    }

    @Test func shutOffGuestLosesTheDeviceAtOnceWithoutEvents() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(state: .shutoff, devices: [Fixture.hostdevInterface])
        #expect(try await hypervisor.detach(Fixture.hostdevInterface, from: uuid, policy: Fixture.timingOut) == .removed)
        #expect(try await hypervisor.persistentDevices(of: uuid).isEmpty)
        #expect(await hypervisor.events().isEmpty)
    }

    @Test func pausedGuestNeverReleasesSoTheDetachTimesOut() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let uuid = try await hypervisor.makeDomain(state: .paused, devices: [Fixture.hostdevInterface])
        #expect(try await hypervisor.detach(Fixture.hostdevInterface, from: uuid, policy: Fixture.timingOut) == .timedOut(attempts: 2))
        #expect(try await hypervisor.contains(Fixture.hostdevInterface, in: uuid, live: true))
        #expect(try await !hypervisor.contains(Fixture.hostdevInterface, in: uuid, live: false))
        #expect(await hypervisor.events().isEmpty)
        #expect(await hypervisor.deviceEvents.count == 0)
    }

    @Test func onceUnpausedTheGuestActsOnThePendingUnplug() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .milliseconds(10))
        let uuid = try await hypervisor.makeDomain(state: .paused, devices: [Fixture.pfHostdev])
        #expect(try await hypervisor.detach(Fixture.pfHostdev, from: uuid, policy: Fixture.timingOut) == .timedOut(attempts: 2))
        let ticket = await hypervisor.deviceEvents.register(domain: uuid, alias: "hostdev0")
        try await hypervisor.unpause(uuid)
        #expect(await hypervisor.deviceEvents.wait(ticket, timeout: .seconds(30)) == .removed)
        #expect(try await !hypervisor.contains(Fixture.pfHostdev, in: uuid, live: true))
        #expect(try await hypervisor.detach(Fixture.pfHostdev, from: uuid, policy: Fixture.timingOut) == .notFound)
    }

    @Test func guestIgnoringTheUnplugTimesOutAndKeepsTheDevice() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.macvtap])
        await hypervisor.ignoreUnplug(in: uuid)
        #expect(try await hypervisor.detach(Fixture.macvtap, from: uuid, policy: Fixture.timingOut) == .timedOut(attempts: 2))
        #expect(try await hypervisor.contains(Fixture.macvtap, in: uuid, live: true))
        #expect(await hypervisor.deviceEvents.count == 0)
    }

    @Test func removalFailedEventStopsTheDetachAndTheDeviceStays() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.vdpa])
        await hypervisor.failRemoval(in: uuid)
        let outcome = try await hypervisor.detach(Fixture.vdpa, from: uuid, policy: DetachPolicy(timeout: .seconds(30), attempts: 8))
        guard case .removalFailed(let reason) = outcome else {
            Issue.record("expected removalFailed, got \(outcome)")
            return
        }
        #expect(reason.contains("net0"))
        #expect(try await hypervisor.contains(Fixture.vdpa, in: uuid, live: true))
        #expect(await hypervisor.events() == [.init(domain: uuid, alias: "net0", event: .removalFailed)])
    }

    @Test func aStuckUnplugAnswersLaterRequestsBusyEvenAfterTheFaultIsCleared() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.hostdevInterface])
        await hypervisor.ignoreUnplug(in: uuid)
        #expect(try await hypervisor.detach(Fixture.hostdevInterface, from: uuid, policy: Fixture.timingOut) == .timedOut(attempts: 2))
        await hypervisor.ignoreUnplug(in: uuid, false)
        let live = try #require(try await hypervisor.liveDevices(of: uuid).first)
        await #expect(throws: DetachRequestError.unplugInProgress(
            "internal error: unable to execute QEMU command 'device_del': Device hostdev0 is already in the process of unplug")) {
            try await hypervisor.detachFromLiveConfig(live, of: uuid)
        }
        // The retry is tolerated but nothing completes it: only the live device remains.
        #expect(try await hypervisor.detach(Fixture.hostdevInterface, from: uuid, policy: Fixture.timingOut) == .timedOut(attempts: 2))
        #expect(try await hypervisor.contains(Fixture.hostdevInterface, in: uuid, live: true))
        #expect(await hypervisor.events().isEmpty)
    }

    @Test func aDeviceNeverAttachedIsNotFound() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.macvtap])
        #expect(try await hypervisor.detach(Fixture.pfHostdev, from: uuid, policy: Fixture.timingOut) == .notFound)
        #expect(try await hypervisor.liveDevices(of: uuid).count == 1)
    }

    @Test func aDomainVanishingDuringTheDetachIsDomainGone() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.hostdevInterface])
        await hypervisor.vanishOnNextDetach(uuid)
        #expect(try await hypervisor.detach(Fixture.hostdevInterface, from: uuid, policy: Fixture.timingOut) == .domainGone)
        await #expect(throws: HypervisorError.domainNotFound(uuid)) { try await hypervisor.state(of: uuid) }
        #expect(await hypervisor.deviceEvents.count == 0)
    }

    @Test func aShutOffDomainVanishingAtThePersistentDetachIsDomainGone() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(state: .shutoff, devices: [Fixture.hostdevInterface])
        await hypervisor.vanishOnNextDetach(uuid)
        #expect(try await hypervisor.detach(Fixture.hostdevInterface, from: uuid, policy: Fixture.timingOut) == .domainGone)
        #expect(try await hypervisor.domains().isEmpty)
    }

    @Test func aDomainThatIsAlreadyGoneIsDomainGone() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.macvtap])
        #expect(await hypervisor.vanish(uuid))
        #expect(try await hypervisor.detach(Fixture.macvtap, from: uuid, policy: Fixture.timingOut) == .domainGone)
        #expect(try await hypervisor.detach(Fixture.macvtap, from: UUID(), policy: Fixture.timingOut) == .domainGone)
        #expect(await !hypervisor.vanish(uuid))
    }

    @Test func suspendedDomainIsRefusedAndKeepsTheDevice() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(state: .suspended, devices: [Fixture.macvtap])
        let error = try await #require(throws: HypervisorError.self) {
            try await hypervisor.detach(Fixture.macvtap, from: uuid, policy: Fixture.timingOut)
        }
        guard case .invalidState = error else {
            Issue.record("expected invalidState, got \(error)")
            return
        }
        #expect(try await hypervisor.contains(Fixture.macvtap, in: uuid, live: false))
        #expect(try await hypervisor.contains(Fixture.macvtap, in: uuid, live: true))
    }

    @Test func poweringOffDuringAStuckUnplugLeavesTheDeviceNowhere() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.pfHostdev])
        await hypervisor.ignoreUnplug(in: uuid)
        #expect(try await hypervisor.detach(Fixture.pfHostdev, from: uuid, policy: Fixture.timingOut) == .timedOut(attempts: 2))
        try await hypervisor.stop(uuid)
        #expect(try await !hypervisor.contains(Fixture.pfHostdev, in: uuid, live: true))
        #expect(try await hypervisor.detach(Fixture.pfHostdev, from: uuid, policy: Fixture.timingOut) == .notFound)
        // Started again, the guest comes up without it.
        try await hypervisor.start(uuid)
        #expect(try await hypervisor.liveDevices(of: uuid).isEmpty)
    }

    @Test func concurrentDetachesOfDifferentDevicesBothComplete() async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .milliseconds(10))
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.hostdevInterface, Fixture.macvtap])
        async let first = hypervisor.detach(Fixture.hostdevInterface, from: uuid, policy: Fixture.eventDriven)
        async let second = hypervisor.detach(Fixture.macvtap, from: uuid, policy: Fixture.eventDriven)
        #expect(try await [first, second] == [.removed, .removed])
        #expect(try await hypervisor.liveDevices(of: uuid).isEmpty)
        #expect(await Set(hypervisor.events().map(\.alias)) == ["hostdev0", "net0"])
    }
}
