import TestSupport
import Foundation
import Testing
@testable import Virt

struct SimulatedHypervisorPersistenceTests {
    @Test func aNewInstanceOnTheSameDirectorySeesTheSameDomains() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try SimulatedHypervisor(directory: directory.url)
        let running = try await first.makeDomain("vm-1", devices: [Fixture.pfHostdev])
        try await first.attach(Fixture.hostdevInterface, to: running)
        let stopped = try await first.makeDomain("vm-2", state: .shutoff, devices: [Fixture.macvtap])
        let paused = try await first.makeDomain("vm-3", state: .paused)

        let second = try SimulatedHypervisor(directory: directory.url)
        #expect(try await second.domains() == first.domains())
        for uuid in [running, stopped, paused] {
            #expect(try await second.state(of: uuid) == first.state(of: uuid))
            #expect(try await second.domainXML(of: uuid, live: true) == first.domainXML(of: uuid, live: true))
            #expect(try await second.domainXML(of: uuid, live: false) == first.domainXML(of: uuid, live: false))
        }
        #expect(try await second.liveDevices(of: running).map(\.alias) == ["hostdev0", "hostdev1"])
        #expect(directory.files == [running, stopped, paused].map { $0.uuidString.lowercased() + ".json" }.sorted())
    }

    @Test func theReloadedInstanceCarriesOn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let uuid = try await SimulatedHypervisor(directory: directory.url).makeDomain(devices: [Fixture.vdpa])
        let second = try SimulatedHypervisor(directory: directory.url, removalDelay: .zero)
        #expect(try await second.detach(Fixture.vdpa, from: uuid, policy: Fixture.eventDriven) == .removed)
        try await second.stop(uuid)
        let third = try SimulatedHypervisor(directory: directory.url)
        #expect(try await third.state(of: uuid) == .shutoff)
        #expect(try await third.persistentDevices(of: uuid).isEmpty)
    }

    @Test func undefiningOrVanishingRemovesTheFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hypervisor = try SimulatedHypervisor(directory: directory.url)
        let undefined = try await hypervisor.makeDomain("vm-1")
        let vanished = try await hypervisor.makeDomain("vm-2")
        let kept = try await hypervisor.makeDomain("vm-3", state: .shutoff)
        try await hypervisor.undefine(undefined)
        await hypervisor.vanish(vanished)
        #expect(directory.files == [kept.uuidString.lowercased() + ".json"])
        #expect(try await SimulatedHypervisor(directory: directory.url).domains() == [kept])
    }

    @Test func withoutADirectoryNothingOutlivesTheInstance() async throws {
        _ = try await SimulatedHypervisor().makeDomain()
        #expect(try await SimulatedHypervisor().domains().isEmpty)
    }

    @Test func aDirectoryThatDoesNotExistYetIsCreated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let nested = directory.url.appendingPathComponent("libvirt/qemu")
        let uuid = try await SimulatedHypervisor(directory: nested).makeDomain(state: .shutoff)
        #expect(try await SimulatedHypervisor(directory: nested).domains() == [uuid])
    }

    @Test func anUnplugPendingInARunningGuestHasCompletedByTheNextLoad() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try SimulatedHypervisor(directory: directory.url, removalDelay: .seconds(3600))
        let running = try await first.makeDomain("vm-1", devices: [Fixture.hostdevInterface])
        let paused = try await first.makeDomain("vm-2", state: .paused, devices: [Fixture.pfHostdev])
        // The service goes away while both guests are still asked to release their device.
        #expect(try await first.detach(Fixture.hostdevInterface, from: running, policy: Fixture.timingOut) == .timedOut(attempts: 2))
        #expect(try await first.detach(Fixture.pfHostdev, from: paused, policy: Fixture.timingOut) == .timedOut(attempts: 2))

        let second = try SimulatedHypervisor(directory: directory.url)
        #expect(try await !second.contains(Fixture.hostdevInterface, in: running, live: true))
        // A paused guest has not acted, and its request is still pending.
        #expect(try await second.contains(Fixture.pfHostdev, in: paused, live: true))
        let live = try #require(try await second.liveDevices(of: paused).first)
        await #expect(throws: DetachRequestError.self) { try await second.detachFromLiveConfig(live, of: paused) }
    }

    @Test func aCorruptDomainFileStopsTheLoadNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent(UUID().uuidString.lowercased() + ".json")
        try Data("{\"state\": \"running\"".utf8).write(to: file)
        let error = try #require(throws: HypervisorError.self) { try SimulatedHypervisor(directory: directory.url) }
        guard case .internalError(let message) = error else {
            Issue.record("expected internalError, got \(error)")
            return
        }
        #expect(message.hasPrefix("cannot read simulated domain file \(file.path)"))
    }

    @Test func aDomainFileUnderAnotherUUIDsNameIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let uuid = try await SimulatedHypervisor(directory: directory.url).makeDomain(state: .shutoff)
        let original = directory.url.appendingPathComponent(uuid.uuidString.lowercased() + ".json")
        let misplaced = directory.url.appendingPathComponent(UUID().uuidString.lowercased() + ".json")
        try FileManager.default.moveItem(at: original, to: misplaced)
        let error = try #require(throws: HypervisorError.self) { try SimulatedHypervisor(directory: directory.url) }
        #expect(error.description.contains("holds domain \(uuid.uuidString.lowercased())"))
    }

    @Test func otherFilesInTheDirectoryAreIgnored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data("not a domain".utf8).write(to: directory.url.appendingPathComponent("README"))
        #expect(try await SimulatedHypervisor(directory: directory.url).domains().isEmpty)
    }
}
