import Foundation
import Libvirt
import PCI
import TestSupport
import Testing
import Virt

/// Hot-plug on a real QEMU guest (stages/libvirt/run.sh): a macvtap on a veth standing in
/// for a VF netdev, seen by the guest, released through DEVICE_REMOVED; a guest that cannot
/// release; and the hostdev paths this kernel cannot do live, with libvirt's real errors.
@Suite(.serialized, .enabled(if: LibvirtStage.isSet, "needs stages/libvirt/run.sh's libvirtd"))
struct LibvirtIntegrationHotplugTests {
    static let vf = PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 1)
    static let pf = PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 0)

    @Test func macvtapRoundTripReachesTheGuestAndEndsWithDeviceRemoved() async throws {
        try await withTestDomain(booting: true) { stage, domain in
            try #require(await domain.console.waitUntilReady(), "the guest never printed GUEST-READY")
            let clock = ContinuousClock()
            for (cycle, netdev) in stage.vfNetdevs.prefix(3).enumerated() {
                let mac = "52:54:00:7e:00:0\(cycle + 1)"
                let device = GuestDevice.macvtap(mac: mac, sourceDevice: netdev, vlan: nil)
                let attachStart = clock.now
                try await domain.hypervisor.attach(device, to: domain.uuid)
                let attachCall = clock.now - attachStart
                #expect(await domain.console.wait(upTo: .seconds(30)) { $0.guestSees(mac: mac) }, "the guest never saw \(mac): \(domain.console.lastNetLine ?? "")")
                let guestSaw = clock.now - attachStart
                #expect(try await domain.xmlHolds(device, live: true))
                #expect(try await domain.xmlHolds(device, live: false))

                // A waiter of the test's own, registered like the driver's: it receives the
                // same DEVICE_REMOVED, which proves the detach ended on the event.
                let alias = try await domain.liveAlias(of: device)
                let witness = await domain.hypervisor.deviceEvents.register(domain: domain.uuid, alias: alias)
                let detachStart = clock.now
                let outcome = try await domain.hypervisor.detach(device, from: domain.uuid, policy: DetachPolicy(timeout: .seconds(60), attempts: 1))
                let detach = clock.now - detachStart
                #expect(outcome == .removed)
                #expect(await domain.hypervisor.deviceEvents.wait(witness, timeout: .zero) == .removed)
                #expect(await domain.hypervisor.deviceEvents.count == 0)
                #expect(try await !domain.xmlHolds(device, live: true))
                #expect(try await !domain.xmlHolds(device, live: false))
                #expect(await domain.console.wait(upTo: .seconds(30)) { !$0.guestSees(mac: mac) }, "the guest kept \(mac)")
                print("LATENCY macvtap cycle \(cycle + 1): attach call \(attachCall), guest saw NIC after \(guestSaw), detach until DEVICE_REMOVED and XML re-read \(detach)")
            }
        }
    }

    /// A normal port's interface: libvirt creates the tap Nova names (`tap` + the port id,
    /// 14 characters) on the stage's bridge; the guest sees the NIC; the detach ends on
    /// DEVICE_REMOVED and the tap is gone from the bridge.
    @Test func aBridgeInterfacePutsItsTapOnTheBridgeAndTheDetachTakesItOff() async throws {
        try await withTestDomain(booting: true) { stage, domain in
            let bridge = try #require(stage.bridge, "SRIOV_LIBVIRT_BRIDGE names the stage's bridge")
            let control = try #require(stage.control, "SRIOV_LIBVIRT_CONTROL reads the bridge in libvirtd's namespace")
            try #require(await domain.console.waitUntilReady(), "the guest never printed GUEST-READY")
            let mac = "52:54:00:7e:02:01"
            let tap = "tap" + "5d6f4c2a-91b3-4e07-8f4e-2b1c0a9d7e31".prefix(11)
            let device = GuestDevice.bridge(mac: mac, bridge: bridge, tap: String(tap), openVSwitchInterfaceID: nil)
            #expect(try control.ports(onBridge: bridge).isEmpty)

            try await domain.hypervisor.attach(device, to: domain.uuid)
            #expect(try control.ports(onBridge: bridge) == [String(tap)])
            #expect(await domain.console.wait(upTo: .seconds(30)) { $0.guestSees(mac: mac) }, "the guest never saw \(mac): \(domain.console.lastNetLine ?? "")")
            #expect(try await domain.xmlHolds(device, live: true))
            #expect(try await domain.xmlHolds(device, live: false))
            let live = try await domain.hypervisor.domainXML(of: domain.uuid, live: true)
            #expect(live.contains("<target dev='\(tap)'/>") || live.contains("<target dev=\"\(tap)\"/>"))

            let outcome = try await domain.hypervisor.detach(device, from: domain.uuid, policy: DetachPolicy(timeout: .seconds(60), attempts: 1))
            #expect(outcome == .removed)
            #expect(try await !domain.xmlHolds(device, live: true))
            #expect(try await !domain.xmlHolds(device, live: false))
            #expect(try control.ports(onBridge: bridge).isEmpty, "the tap left the bridge with the device")
            #expect(await domain.console.wait(upTo: .seconds(30)) { !$0.guestSees(mac: mac) }, "the guest kept \(mac)")
        }
    }

    @Test func aPausedGuestCannotReleaseSoTheDetachTimesOutWithTheDeviceStillThere() async throws {
        try await withTestDomain(booting: true) { stage, domain in
            try #require(await domain.console.waitUntilReady(), "the guest never printed GUEST-READY")
            let device = GuestDevice.macvtap(mac: "52:54:00:7e:01:01", sourceDevice: stage.vfNetdevs[3], vlan: nil)
            try await domain.hypervisor.attach(device, to: domain.uuid)
            #expect(await domain.console.wait(upTo: .seconds(30)) { $0.guestSees(mac: "52:54:00:7e:01:01") })
            try await domain.hypervisor.pause(domain.uuid)
            let outcome = try await domain.hypervisor.detach(device, from: domain.uuid, policy: DetachPolicy(timeout: .seconds(1), attempts: 2))
            #expect(outcome == .timedOut(attempts: 2))
            #expect(try await domain.xmlHolds(device, live: true))
            #expect(try await !domain.xmlHolds(device, live: false))
            #expect(await domain.hypervisor.deviceEvents.count == 0)
            // Running again, the guest acts on the pending request; a new detach finds it
            // pending or gone and ends once the guest lets go.
            try await domain.hypervisor.unpause(domain.uuid)
            let after = try await domain.hypervisor.detach(device, from: domain.uuid, policy: DetachPolicy(timeout: .seconds(60), attempts: 2))
            #expect(after == .removed || after == .notFound)
            #expect(try await !domain.xmlHolds(device, live: true))
        }
    }

    @Test func aGuestThatHasNotBootedNeverReleases() async throws {
        try await withTestDomain(booting: false) { stage, domain in
            let device = GuestDevice.macvtap(mac: "52:54:00:7e:02:01", sourceDevice: stage.vfNetdevs[2], vlan: nil)
            try await domain.hypervisor.attach(device, to: domain.uuid)
            let outcome = try await domain.hypervisor.detach(device, from: domain.uuid, policy: DetachPolicy(timeout: .seconds(1), attempts: 2))
            #expect(outcome == .timedOut(attempts: 2))
            #expect(try await domain.xmlHolds(device, live: true))
        }
    }

    @Test func liveHostdevAttachesFailWithLibvirtsErrorAndChangeNothing() async throws {
        try await withTestDomain(booting: false) { _, domain in
            let before = try await domain.hypervisor.domainXML(of: domain.uuid, live: false)
            let attempts: [(GuestDevice, String)] = [
                (.hostdevInterface(mac: "52:54:00:7e:03:01", address: Self.vf, vlan: 42), "host doesn't support"),
                (.hostdevPCI(address: Self.pf), "host doesn't support"),
                (.macvtap(mac: "52:54:00:7e:03:02", sourceDevice: "no-such-vf", vlan: nil), "no-such-vf"),
            ]
            for (device, expected) in attempts {
                await #expect { try await domain.hypervisor.attach(device, to: domain.uuid) } throws: { error in
                    guard case HypervisorError.operationFailed(let message) = error else { return false }
                    return message.contains(expected)
                }
                #expect(try await !domain.xmlHolds(device, live: true))
            }
            #expect(try await domain.hypervisor.domainXML(of: domain.uuid, live: false) == before)
        }
    }

    @Test func aVLANOnAMacvtapOverANonVFIsRefusedByLibvirt() async throws {
        try await withTestDomain(booting: false) { stage, domain in
            let device = GuestDevice.macvtap(mac: "52:54:00:7e:04:01", sourceDevice: stage.vfNetdevs[0], vlan: 42)
            await #expect { try await domain.hypervisor.attach(device, to: domain.uuid) } throws: { error in
                guard case HypervisorError.operationFailed(let message) = error else { return false }
                return message.contains("vlan can only be set for SR-IOV VFs")
            }
        }
    }

    @Test func aStoppedDomainTakesAndGivesBackHostdevsInItsPersistentConfig() async throws {
        try await withTestDomain(booting: false, start: false) { _, domain in
            let devices: [GuestDevice] = [.hostdevInterface(mac: "52:54:00:7e:05:01", address: Self.vf, vlan: 42), .hostdevPCI(address: Self.pf)]
            for device in devices {
                try await domain.hypervisor.attach(device, to: domain.uuid)
                #expect(try await domain.xmlHolds(device, live: false))
            }
            for device in devices {
                #expect(try await domain.hypervisor.detach(device, from: domain.uuid, policy: .novaDefault) == .removed)
                #expect(try await !domain.xmlHolds(device, live: false))
                // Detaching what is no longer there is "not found", which Nova takes as done.
                #expect(try await domain.hypervisor.detach(device, from: domain.uuid, policy: .novaDefault) == .notFound)
            }
        }
    }
}
