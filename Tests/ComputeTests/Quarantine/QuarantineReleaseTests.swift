@testable import Compute
import ComputeModel
import Foundation
import NetworkModel
import PCI
import Store
import Testing
import Virt

/// An operator ends a quarantine only once no guest and no port holds the device; every
/// refusal says which holder it found, or which source it could not check.
struct QuarantineReleaseTests {
    /// A server whose guest ignored the unplug: its detach timed out and left the device
    /// quarantined, still in the guest, the port still bound.
    static func quarantinedByATimedOutDetach() async throws -> (ComputeHost, server: UUID, port: String, device: PCIAddress) {
        let world = try await ComputeHost.make(vfs: 1)
        let (port, server, device) = try await world.serverWithVF()
        await world.hypervisor.ignoreUnplug(in: server)
        try await world.manager.detachInterface(port, from: server, context: ComputeHost.admin)
        await world.manager.backgroundTasks.waitUntilIdle()
        try #require(await world.device(device)?.status == .quarantined)
        return (world, server, port, device)
    }

    @Test func releasedOnceNeitherTheGuestNorThePortHoldsIt() async throws {
        let (world, server, port, device) = try await Self.quarantinedByATimedOutDetach()
        defer { world.remove() }
        let quarantined = try #require(await world.device(device))
        #expect(quarantined.quarantineReason?.contains("did not release") == true)
        #expect(quarantined.quarantinedAt != nil)

        await #expect(throws: ComputeError.quarantineReleaseRefused(device, .heldByGuests([server]))) {
            _ = try await world.manager.releaseQuarantinedDevice(device, context: ComputeHost.admin)
        }
        // The guest is powered off: its pending unplug is done, and the persistent config
        // lost the device at the detach.
        try await world.hypervisor.stop(server)
        let portRefusal = await #expect(throws: ComputeError.self) {
            _ = try await world.manager.releaseQuarantinedDevice(device, context: ComputeHost.admin)
        }
        #expect(portRefusal?.message.contains("port \(port)") == true)
        #expect(await world.device(device)?.status == .quarantined, "a refusal changes nothing")

        _ = try await world.network.unbindPort(port, removingProfileKeys: PortBinding.novaProfileKeys)
        // The timed-out detach left its row waiting for a retry: the release takes it over.
        let waiting = try await world.database.read { db in try JournalRecords.unfinished(in: db) }
        #expect(waiting.map(\.state) == [.quarantined])
        let released = try await world.manager.releaseQuarantinedDevice(device, context: ComputeHost.admin)
        #expect(try await world.database.read { db in try JournalRecords.unfinished(in: db) } == [])
        let superseded = try await world.database.read { db in try JournalRecords.fetch(waiting[0].id, in: db) }
        #expect(superseded?.details["superseded_by"] == "release of \(device) by an operator")
        #expect(released.device.status == .available)
        #expect(released.device.instanceUUID == nil && released.device.quarantinedAt == nil && released.device.quarantineReason == nil)
        let rows = try await world.database.read { db in
            (try VIFRecords.fetchAll(serverID: server, in: db), try PCIRequestRecords.fetchAll(serverID: server, in: db))
        }
        #expect(rows.0.isEmpty && rows.1.isEmpty)
        #expect(try await world.violations() == [])
    }

    @Test func aSourceThatCannotBeCheckedRefusesTheRelease() async throws {
        let (world, server, port, device) = try await Self.quarantinedByATimedOutDetach()
        defer { world.remove() }
        try await world.hypervisor.stop(server)
        _ = try await world.network.unbindPort(port, removingProfileKeys: PortBinding.novaProfileKeys)

        let blind = world.with(hypervisor: UnreachableHypervisor())
        let noGuests = await #expect(throws: ComputeError.self) {
            _ = try await blind.releaseQuarantinedDevice(device, context: ComputeHost.admin)
        }
        #expect(noGuests?.message.contains("whether a guest holds it could not be checked") == true)
        let deaf = world.with(network: UnreachableNetwork(base: world.network))
        let noPorts = await #expect(throws: ComputeError.self) {
            _ = try await deaf.releaseQuarantinedDevice(device, context: ComputeHost.admin)
        }
        #expect(noPorts?.message.contains("whether a port names it could not be checked") == true)
        #expect(await world.device(device)?.status == .quarantined)
    }

    @Test func onlyAnAdminReleasesOnlyAQuarantinedTrackedDevice() async throws {
        let world = try await ComputeHost.make(vfs: 1)
        defer { world.remove() }
        let device = try await world.serverWithVF().slot
        await #expect(throws: ComputeError.policyRefused(rule: "os_compute_api:os-pci-devices:release")) {
            _ = try await world.manager.releaseQuarantinedDevice(device, context: ComputeHost.member)
        }
        await #expect(throws: ComputeError.quarantineReleaseRefused(device, .notQuarantined(.allocated))) {
            _ = try await world.manager.releaseQuarantinedDevice(device, context: ComputeHost.admin)
        }
        let stranger = PCIAddress("0000:7f:00.1")!
        await #expect(throws: ComputeError.deviceNotTracked(stranger, host: "compute0")) {
            _ = try await world.manager.releaseQuarantinedDevice(stranger, context: ComputeHost.admin)
        }
        #expect(await world.device(device)?.status == .allocated)
    }
}
