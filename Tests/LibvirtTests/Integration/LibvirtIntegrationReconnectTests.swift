import Foundation
import Libvirt
import TestSupport
import Testing
import Virt

/// libvirtd restarted under a running guest (stages/libvirt/libvirtd.sh): the same
/// `LibvirtHypervisor` reconnects on its own, its calls in between fail saying so, and a
/// detach waiting across the restart ends on the removal that happened while it was away.
@Suite(.serialized, .enabled(if: LibvirtStage.current?.control != nil, "needs stages/libvirt/run.sh's libvirtd and its control script"))
struct LibvirtIntegrationReconnectTests {
    /// What a call answers while libvirtd is away: a connection error, never "not found".
    static func isConnectionError(_ error: any Error) -> Bool {
        guard case HypervisorError.internalError(let message) = error else { return false }
        return message.contains("connection")
    }

    @Test func theSameInstanceListsAttachesAndDetachesAfterLibvirtdRestarts() async throws {
        try await withTestDomain(booting: true) { stage, domain in
            let control = try #require(stage.control)
            let hypervisor = domain.hypervisor, uuid = domain.uuid
            try #require(await domain.console.waitUntilReady(), "the guest never printed GUEST-READY")
            let first = GuestDevice.macvtap(mac: "52:54:00:7e:10:01", sourceDevice: stage.vfNetdevs[0], vlan: nil)
            try await hypervisor.attach(first, to: uuid)
            #expect(await domain.console.wait { $0.guestSees(mac: "52:54:00:7e:10:01") })
            let before = await hypervisor.connectionStatus()
            #expect(before.isConnected)

            try control.stop()
            defer { try? control.start() }
            await #expect { try await hypervisor.state(of: uuid) } throws: { Self.isConnectionError($0) }
            await #expect { try await hypervisor.domains() } throws: { Self.isConnectionError($0) }
            await #expect { try await hypervisor.domainXML(of: uuid, live: true) } throws: { Self.isConnectionError($0) }
            try control.start()

            #expect(await eventually { await hypervisor.connectionStatus().isConnected }, "no reconnection")
            let after = await hypervisor.connectionStatus()
            #expect(after.generation == before.generation + 1)
            #expect(try await hypervisor.domains().contains(uuid))
            #expect(try await hypervisor.state(of: uuid) == .running)
            #expect(try await domain.xmlHolds(first, live: true))

            // DEVICE_REMOVED reaches a waiter through the callbacks of the new connection.
            let alias = try await domain.liveAlias(of: first)
            let witness = await hypervisor.deviceEvents.register(domain: uuid, alias: alias)
            #expect(try await hypervisor.detach(first, from: uuid, policy: DetachPolicy(timeout: .seconds(120), attempts: 1)) == .removed)
            #expect(await hypervisor.deviceEvents.wait(witness, timeout: .zero) == .removed)
            #expect(await domain.console.wait { !$0.guestSees(mac: "52:54:00:7e:10:01") }, "the guest kept the NIC")

            let second = GuestDevice.macvtap(mac: "52:54:00:7e:10:02", sourceDevice: stage.vfNetdevs[1], vlan: nil)
            try await hypervisor.attach(second, to: uuid)
            #expect(await domain.console.wait { $0.guestSees(mac: "52:54:00:7e:10:02") }, "the guest never saw the NIC attached after the restart")
            #expect(try await hypervisor.detach(second, from: uuid, policy: DetachPolicy(timeout: .seconds(120), attempts: 1)) == .removed)
            #expect(try await !domain.xmlHolds(second, live: true))
            #expect(try await !domain.xmlHolds(second, live: false))
            #expect(await hypervisor.deviceEvents.count == 0)
        }
    }

    @Test func aDetachWaitingAcrossTheRestartEndsOnTheRemovalThatHappenedWhileLibvirtdWasDown() async throws {
        try await withTestDomain(booting: true) { stage, domain in
            let control = try #require(stage.control)
            let hypervisor = domain.hypervisor, uuid = domain.uuid
            try #require(await domain.console.waitUntilReady(), "the guest never printed GUEST-READY")
            let mac = "52:54:00:7e:11:01"
            let device = GuestDevice.macvtap(mac: mac, sourceDevice: stage.vfNetdevs[2], vlan: nil)
            try await hypervisor.attach(device, to: uuid)
            #expect(await domain.console.wait { $0.guestSees(mac: mac) })

            // A paused guest cannot act on the unplug: a first detach sends it and gives up,
            // so the request is certainly pending in QEMU whatever the second one does.
            try await hypervisor.pause(uuid)
            #expect(try await hypervisor.detach(device, from: uuid, policy: DetachPolicy(timeout: .seconds(1), attempts: 1)) == .timedOut(attempts: 1))
            #expect(await hypervisor.connectionStatus().unplugsAwaitingEvents == 1)
            let before = await hypervisor.connectionStatus()

            // The detach under test waits far longer than the test runs: it can only end
            // early on a wake, from the re-check after the reconnection or from an event.
            let alias = try await domain.liveAlias(of: device)
            let witness = await hypervisor.deviceEvents.register(domain: uuid, alias: alias)
            let detach = Task { try await hypervisor.detach(device, from: uuid, policy: DetachPolicy(timeout: .seconds(600), attempts: 1)) }
            #expect(await eventually { await hypervisor.deviceEvents.count == 2 }, "the detach never reached its wait")

            try control.stop()
            defer { try? control.start() }
            // With libvirtd away, the guest runs again through QEMU's own monitor and lets
            // go of the device: the removal event has nobody to go to.
            try control.qmp(domain: domain.name, #"{"execute": "cont"}"#)
            #expect(await domain.console.wait(upTo: .seconds(60)) { !$0.guestSees(mac: mac) }, "the guest kept the NIC")
            await #expect { try await hypervisor.state(of: uuid) } throws: { Self.isConnectionError($0) }
            try control.start()

            let outcome = try await detach.value
            #expect(outcome == .removed)
            #expect(await hypervisor.deviceEvents.wait(witness, timeout: .zero) == .removed)
            let after = await hypervisor.connectionStatus()
            #expect(after.isConnected)
            #expect(after.generation == before.generation + 1)
            #expect(after.unplugsAwaitingEvents == 0)
            #expect(await hypervisor.deviceEvents.count == 0)
            #expect(try await !domain.xmlHolds(device, live: true))
            #expect(try await !domain.xmlHolds(device, live: false))
            #expect(try await hypervisor.state(of: uuid) == .running)
            // Which of the two woke it depends on whether libvirtd had finished reading its
            // guests back when the driver reconnected; both are correct.
            let foundByRecheck = after.removalsFoundAfterReconnect - before.removalsFoundAfterReconnect
            print("RECONNECT in-flight detach woken by \(foundByRecheck == 1 ? "the re-check after the reconnection" : "DEVICE_REMOVED on the new connection")")
        }
    }
}
