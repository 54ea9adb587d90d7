import Foundation
import Testing
@testable import Virt

struct SimulatedHypervisorAttachTests {
    @Test(arguments: [DomainState.running, .paused])
    func liveGuestGetsTheDeviceInBothConfigs(_ state: DomainState) async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(state: state)
        try await hypervisor.attach(Fixture.hostdevInterface, to: uuid)
        #expect(try await hypervisor.contains(Fixture.hostdevInterface, in: uuid, live: true))
        #expect(try await hypervisor.contains(Fixture.hostdevInterface, in: uuid, live: false))
        let live = try #require(try await hypervisor.liveDevices(of: uuid).first)
        #expect(live.alias == "hostdev0")
        #expect(live.device == Fixture.hostdevInterface)
        #expect(try await hypervisor.persistentDevices(of: uuid).first?.alias == nil)
    }

    @Test func shutOffGuestGetsItInThePersistentConfigOnly() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(state: .shutoff)
        try await hypervisor.attach(Fixture.macvtap, to: uuid)
        #expect(try await hypervisor.persistentDevices(of: uuid).map(\.device) == [Fixture.macvtap])
        // No live config exists; the live view of an inactive domain is its persistent one.
        #expect(try await hypervisor.domainXML(of: uuid, live: true) == hypervisor.domainXML(of: uuid, live: false))
        #expect(try await hypervisor.persistentDevices(of: uuid).first?.alias == nil)
    }

    @Test func suspendedGuestIsRefusedAndUnchanged() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(state: .suspended)
        let before = try await hypervisor.domainXML(of: uuid, live: false)
        let error = try await #require(throws: HypervisorError.self) { try await hypervisor.attach(Fixture.vdpa, to: uuid) }
        guard case .invalidState(let message) = error else {
            Issue.record("expected invalidState, got \(error)")
            return
        }
        #expect(message.contains("suspended"))
        #expect(try await hypervisor.domainXML(of: uuid, live: false) == before)
    }

    @Test func liveDevicesAreNamedLikeLibvirtNamesThem() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain()
        let secondMacvtap = GuestDevice.macvtap(mac: "52:54:00:6d:90:05", sourceDevice: "ens1f0v4", vlan: nil)
        for device in [Fixture.macvtap, Fixture.pfHostdev, Fixture.vdpa, Fixture.hostdevInterface, secondMacvtap] {
            try await hypervisor.attach(device, to: uuid)
        }
        #expect(try await hypervisor.liveDevices(of: uuid).map(\.alias) == ["net0", "hostdev0", "net1", "hostdev1", "net2"])
    }

    @Test func everyHotPluggedDeviceTakesItsOwnRootPort() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.pfHostdev])
        try await hypervisor.attach(Fixture.hostdevInterface, to: uuid)
        let root = try Fixture.root(of: await hypervisor.domainXML(of: uuid, live: true))
        let buses = try #require(root.child("devices")).childElements
            .filter { $0.name == "hostdev" || $0.name == "interface" }
            .compactMap { $0.child("address")?.value("bus") }
        #expect(buses == ["0x01", "0x02"])
    }

    @Test func injectedFailureIsReportedAndLeavesTheXMLUnchanged() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain()
        let live = try await hypervisor.domainXML(of: uuid, live: true)
        let persistent = try await hypervisor.domainXML(of: uuid, live: false)
        await hypervisor.failNextAttach(message: "internal error: unable to execute QEMU command 'device_add': Bus 'pci.3' not found")
        await #expect(throws: HypervisorError.operationFailed("internal error: unable to execute QEMU command 'device_add': Bus 'pci.3' not found")) {
            try await hypervisor.attach(Fixture.hostdevInterface, to: uuid)
        }
        #expect(try await hypervisor.domainXML(of: uuid, live: true) == live)
        #expect(try await hypervisor.domainXML(of: uuid, live: false) == persistent)
        // Only the next attach fails.
        try await hypervisor.attach(Fixture.hostdevInterface, to: uuid)
    }

    @Test func failureForOneDomainWaitsForThatDomain() async throws {
        let hypervisor = try SimulatedHypervisor()
        let target = try await hypervisor.makeDomain("vm-1")
        let bystander = try await hypervisor.makeDomain("vm-2")
        await hypervisor.failNextAttach(message: "no", domain: target)
        try await hypervisor.attach(Fixture.macvtap, to: bystander)
        await #expect(throws: HypervisorError.operationFailed("no")) { try await hypervisor.attach(Fixture.vdpa, to: target) }
        #expect(await hypervisor.faults.nextAttachFailure == nil)
    }

    @Test func aVFAlreadyInTheDomainIsRefused() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.hostdevInterface])
        let sameVF = GuestDevice.hostdevPCI(address: Fixture.vf)
        let error = try await #require(throws: HypervisorError.self) { try await hypervisor.attach(sameVF, to: uuid) }
        #expect(error.description.contains("PCI device 0000:81:00.1 is already used by hostdev interface 52:54:00:6d:90:02 on VF 0000:81:00.1"))
        #expect(try await hypervisor.liveDevices(of: uuid).count == 1)
    }

    @Test func aVFHeldByAnotherRunningGuestIsRefused() async throws {
        let hypervisor = try SimulatedHypervisor()
        _ = try await hypervisor.makeDomain("vm-1", devices: [Fixture.hostdevInterface])
        let second = try await hypervisor.makeDomain("vm-2")
        let again = GuestDevice.hostdevInterface(mac: "52:54:00:00:00:09", address: Fixture.vf, vlan: nil)
        await #expect(throws: HypervisorError.operationFailed(
            "Requested operation is not valid: PCI device 0000:81:00.1 is in use by driver QEMU, domain vm-1")) {
            try await hypervisor.attach(again, to: second)
        }
        #expect(try await hypervisor.persistentDevices(of: second).isEmpty)
    }

    @Test func aNetdevOrVDPADeviceHeldByAnotherRunningGuestIsRefused() async throws {
        let hypervisor = try SimulatedHypervisor()
        _ = try await hypervisor.makeDomain("vm-1", devices: [Fixture.macvtap, Fixture.vdpa])
        let second = try await hypervisor.makeDomain("vm-2")
        let macvtap = try await #require(throws: HypervisorError.self) {
            try await hypervisor.attach(.macvtap(mac: "52:54:00:00:00:09", sourceDevice: "ens1f0v3", vlan: nil), to: second)
        }
        #expect(macvtap.description.contains("ens1f0v3"))
        #expect(macvtap.description.contains("vm-1"))
        let vdpa = try await #require(throws: HypervisorError.self) {
            try await hypervisor.attach(.vdpa(mac: "52:54:00:00:00:0a", devicePath: "/dev/vhost-vdpa-0"), to: second)
        }
        #expect(vdpa.description.contains("/dev/vhost-vdpa-0"))
    }

    @Test func twoShutOffGuestsMayBothListAVF() async throws {
        let hypervisor = try SimulatedHypervisor()
        _ = try await hypervisor.makeDomain("vm-1", state: .shutoff, devices: [Fixture.hostdevInterface])
        _ = try await hypervisor.makeDomain("vm-2", state: .shutoff, devices: [Fixture.hostdevInterface])
    }

    @Test func invalidDeviceIsRefusedBeforeAnythingChanges() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain()
        await #expect(throws: HypervisorError.self) {
            try await hypervisor.attach(.hostdevInterface(mac: "52:54:00:00:00:01", address: Fixture.vf, vlan: 5000), to: uuid)
        }
        #expect(try await hypervisor.liveDevices(of: uuid).isEmpty)
    }

    @Test func runningOutOfHotPlugPortsIsRefused() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain()
        for index in 0..<DomainDefinition.hotplugPorts {
            try await hypervisor.attach(.macvtap(mac: "52:54:00:00:01:\(String(format: "%02x", index))", sourceDevice: "vf\(index)", vlan: nil), to: uuid)
        }
        let before = try await hypervisor.domainXML(of: uuid, live: true)
        let error = try await #require(throws: HypervisorError.self) {
            try await hypervisor.attach(.macvtap(mac: "52:54:00:00:02:00", sourceDevice: "vf99", vlan: nil), to: uuid)
        }
        #expect(error.description.contains("No more available PCI slots"))
        #expect(try await hypervisor.domainXML(of: uuid, live: true) == before)
    }
}
