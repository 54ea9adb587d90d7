import Foundation
import Testing
@testable import Virt

struct SimulatedHypervisorLifecycleTests {
    enum Operation: String, CaseIterable, Sendable {
        case start, stop, pause, unpause, suspend, resume

        func run(on hypervisor: SimulatedHypervisor, _ uuid: UUID) async throws(HypervisorError) {
            switch self {
            case .start: try await hypervisor.start(uuid)
            case .stop: try await hypervisor.stop(uuid)
            case .pause: try await hypervisor.pause(uuid)
            case .unpause: try await hypervisor.unpause(uuid)
            case .suspend: try await hypervisor.suspend(uuid)
            case .resume: try await hypervisor.resume(uuid)
            }
        }
    }

    /// libvirt's rules: nil means the operation is refused as invalid in that state.
    @Test(arguments: [
        (DomainState.shutoff, Operation.start, DomainState.running), (.shutoff, .stop, nil), (.shutoff, .pause, nil),
        (.shutoff, .unpause, nil), (.shutoff, .suspend, nil), (.shutoff, .resume, nil),
        (.running, .start, nil), (.running, .stop, .shutoff), (.running, .pause, .paused),
        (.running, .unpause, .running), (.running, .suspend, .suspended), (.running, .resume, nil),
        (.paused, .start, nil), (.paused, .stop, .shutoff), (.paused, .pause, .paused),
        (.paused, .unpause, .running), (.paused, .suspend, .suspended), (.paused, .resume, nil),
        (.suspended, .start, .running), (.suspended, .stop, nil), (.suspended, .pause, nil),
        (.suspended, .unpause, nil), (.suspended, .suspend, nil), (.suspended, .resume, .running),
    ] as [(DomainState, Operation, DomainState?)])
    func transitionsFollowLibvirt(_ from: DomainState, _ operation: Operation, _ expected: DomainState?) async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain("vm-1", state: from)
        if let expected {
            try await operation.run(on: hypervisor, uuid)
            #expect(try await hypervisor.state(of: uuid) == expected)
        } else {
            let error = try await #require(throws: HypervisorError.self) { try await operation.run(on: hypervisor, uuid) }
            guard case .invalidState(let message) = error else {
                Issue.record("expected invalidState, got \(error)")
                return
            }
            #expect(message.hasPrefix("Requested operation is not valid: domain 'vm-1'"))
            #expect(try await hypervisor.state(of: uuid) == from)
        }
    }

    @Test func definedDomainIsShutOffWithTheDefinitionsXML() async throws {
        let hypervisor = try SimulatedHypervisor()
        let definition = Fixture.definition("vm-1")
        try await hypervisor.define(definition)
        #expect(try await hypervisor.state(of: definition.uuid) == .shutoff)
        #expect(try await hypervisor.domains() == [definition.uuid])
        #expect(try await hypervisor.domainXML(of: definition.uuid, live: false) == definition.xml)
        #expect(try await hypervisor.domainXML(of: definition.uuid, live: true) == definition.xml)
    }

    @Test func definingTheSameDefinitionTwiceIsHarmless() async throws {
        let hypervisor = try SimulatedHypervisor()
        let definition = Fixture.definition("vm-1")
        try await hypervisor.define(definition)
        try await hypervisor.attach(Fixture.macvtap, to: definition.uuid)
        try await hypervisor.define(definition)
        #expect(try await hypervisor.contains(Fixture.macvtap, in: definition.uuid, live: false))
    }

    @Test func redefiningAUUIDDifferentlyIsRefused() async throws {
        let hypervisor = try SimulatedHypervisor()
        var definition = Fixture.definition("vm-1")
        try await hypervisor.define(definition)
        definition.vcpus = 8
        let error = try await #require(throws: HypervisorError.self) { try await hypervisor.define(definition) }
        #expect(error.description.contains("already defined with a different definition"))
    }

    @Test func aNameTakenByAnotherDomainIsRefused() async throws {
        let hypervisor = try SimulatedHypervisor()
        let first = Fixture.definition("vm-1")
        try await hypervisor.define(first)
        await #expect(throws: HypervisorError.operationFailed(
            "operation failed: domain 'vm-1' already exists with uuid \(first.uuid.uuidString.lowercased())")) {
            try await hypervisor.define(Fixture.definition("vm-1"))
        }
    }

    @Test func anInvalidDefinitionIsRefused() async throws {
        let hypervisor = try SimulatedHypervisor()
        await #expect(throws: HypervisorError.self) {
            try await hypervisor.define(DomainDefinition(uuid: UUID(), name: "vm", vcpus: 0, memoryMB: 512))
        }
        #expect(try await hypervisor.domains().isEmpty)
    }

    @Test func startingGivesLiveDevicesAliasesAndTheInactiveConfigKeepsNone() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(state: .shutoff, devices: [Fixture.pfHostdev, Fixture.macvtap, Fixture.hostdevInterface])
        try await hypervisor.start(uuid)
        #expect(try await hypervisor.liveDevices(of: uuid).map(\.alias) == ["hostdev0", "net0", "hostdev1"])
        #expect(try await hypervisor.persistentDevices(of: uuid).map(\.alias) == [nil, nil, nil])
    }

    @Test func stoppingDropsTheLiveConfig() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.macvtap])
        try await hypervisor.stop(uuid)
        #expect(try await hypervisor.domainXML(of: uuid, live: true) == hypervisor.domainXML(of: uuid, live: false))
    }

    @Test func suspendedDomainKeepsItsSavedDevicesAndResumesWithThem() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.macvtap])
        let aliases = try await hypervisor.liveDevices(of: uuid).map(\.alias)
        try await hypervisor.suspend(uuid)
        #expect(try await hypervisor.liveDevices(of: uuid).map(\.alias) == aliases)
        try await hypervisor.resume(uuid)
        #expect(try await hypervisor.state(of: uuid) == .running)
        #expect(try await hypervisor.liveDevices(of: uuid).map(\.alias) == aliases)
    }

    /// As libvirt: QEMU cannot save a guest holding a VFIO or vhost-vdpa device, so the
    /// managed save is refused and the guest runs on; once the device is out of the live
    /// guest (the persistent configuration keeping it), the save goes through, and the
    /// device plugs back into the restored guest live only.
    @Test(arguments: [Fixture.hostdevInterface, Fixture.pfHostdev, Fixture.vdpa])
    func aGuestHoldingAPassthroughDeviceIsNotSavedUntilTheDeviceIsOut(_ device: GuestDevice) async throws {
        let hypervisor = try SimulatedHypervisor(removalDelay: .zero)
        let uuid = try await hypervisor.makeDomain(devices: [device, Fixture.macvtap])
        await #expect(throws: HypervisorError.self) { try await hypervisor.suspend(uuid) }
        #expect(try await hypervisor.state(of: uuid) == .running)

        #expect(try await hypervisor.detachLive(device, from: uuid, policy: Fixture.eventDriven) == .removed)
        #expect(try await hypervisor.contains(device, in: uuid, live: false))
        try await hypervisor.suspend(uuid)
        #expect(try await hypervisor.liveDevices(of: uuid).map(\.device) == [Fixture.macvtap])
        await #expect(throws: HypervisorError.self) { try await hypervisor.attachLive(device, to: uuid) }
        try await hypervisor.resume(uuid)
        try await hypervisor.attachLive(device, to: uuid)
        #expect(try await hypervisor.contains(device, in: uuid, live: true))
        #expect(try await hypervisor.persistentDevices(of: uuid).filter { $0.device.isSameDevice(as: device) }.count == 1)
        await #expect(throws: HypervisorError.self) { try await hypervisor.attachLive(device, to: uuid) }
    }

    @Test func anInjectedSaveFailureLeavesTheGuestRunning() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.macvtap])
        await hypervisor.failNextSave(message: "operation failed: no space left on device")
        await #expect(throws: HypervisorError.operationFailed("operation failed: no space left on device")) { try await hypervisor.suspend(uuid) }
        #expect(try await hypervisor.state(of: uuid) == .running)
        try await hypervisor.suspend(uuid)
        #expect(try await hypervisor.state(of: uuid) == .suspended)
    }

    /// Rebuild: the guest booted again from the new definition with every device its
    /// persistent configuration holds.
    @Test func aRebuildBootsTheNewDefinitionWithTheDevices() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.hostdevInterface, Fixture.macvtap])
        var definition = Fixture.definition("instance-0001", uuid: uuid)
        definition.imageID = "c3a9b0b4-5e6f-4a0e-9d6b-0f8f3b0a1c01"
        try await hypervisor.rebuild(definition)
        #expect(try await hypervisor.state(of: uuid) == .running)
        #expect(Set(try await hypervisor.liveDevices(of: uuid).map(\.device)) == [Fixture.hostdevInterface, Fixture.macvtap])
        #expect(try await hypervisor.consoleOutput(of: uuid)?.contains("boot 2\n") == true)
        definition.name = "other"
        await #expect(throws: HypervisorError.self) { try await hypervisor.rebuild(definition) }
    }

    @Test func aDeviceHeldByAnotherRunningGuestPreventsTheStart() async throws {
        let hypervisor = try SimulatedHypervisor()
        _ = try await hypervisor.makeDomain("vm-1", devices: [Fixture.hostdevInterface])
        let second = try await hypervisor.makeDomain("vm-2", state: .shutoff, devices: [Fixture.hostdevInterface])
        await #expect(throws: HypervisorError.operationFailed(
            "Requested operation is not valid: PCI device 0000:81:00.1 is in use by driver QEMU, domain vm-1")) {
            try await hypervisor.start(second)
        }
        #expect(try await hypervisor.state(of: second) == .shutoff)
    }

    @Test func bootFailsWhenThePersistentConfigHasMoreDevicesThanPorts() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain("vm-1", state: .shutoff)
        for index in 0...DomainDefinition.hotplugPorts {
            try await hypervisor.attach(.macvtap(mac: "52:54:00:00:01:\(String(format: "%02x", index))", sourceDevice: "vf\(index)", vlan: nil), to: uuid)
        }
        await #expect(throws: HypervisorError.operationFailed("internal error: No more available PCI slots to start domain 'vm-1'")) {
            try await hypervisor.start(uuid)
        }
        #expect(try await hypervisor.state(of: uuid) == .shutoff)
    }

    @Test func undefiningARunningDomainDestroysIt() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = try await hypervisor.makeDomain(devices: [Fixture.pfHostdev])
        try await hypervisor.undefine(uuid)
        #expect(try await hypervisor.domains().isEmpty)
        await #expect(throws: HypervisorError.domainNotFound(uuid)) { try await hypervisor.state(of: uuid) }
        // Its PF is free for the next guest.
        _ = try await hypervisor.makeDomain("vm-2", devices: [Fixture.pfHostdev])
    }

    @Test func domainsAreListedInUUIDOrder() async throws {
        let hypervisor = try SimulatedHypervisor()
        var uuids: [UUID] = []
        for index in 0..<5 { uuids.append(try await hypervisor.makeDomain("vm-\(index)", state: .shutoff)) }
        #expect(try await hypervisor.domains() == uuids.sorted { $0.uuidString < $1.uuidString })
    }

    @Test func everyCallOnAnUnknownDomainIsDomainNotFound() async throws {
        let hypervisor = try SimulatedHypervisor()
        let unknown = UUID()
        for operation in Operation.allCases {
            await #expect(throws: HypervisorError.domainNotFound(unknown), "\(operation)") { try await operation.run(on: hypervisor, unknown) }
        }
        await #expect(throws: HypervisorError.domainNotFound(unknown)) { try await hypervisor.undefine(unknown) }
        await #expect(throws: HypervisorError.domainNotFound(unknown)) { try await hypervisor.state(of: unknown) }
        await #expect(throws: HypervisorError.domainNotFound(unknown)) { try await hypervisor.attach(Fixture.macvtap, to: unknown) }
        await #expect(throws: HypervisorError.domainNotFound(unknown)) { try await hypervisor.contains(Fixture.macvtap, in: unknown, live: true) }
        await #expect(throws: HypervisorError.domainNotFound(unknown)) { try await hypervisor.domainXML(of: unknown, live: false) }
    }
}
