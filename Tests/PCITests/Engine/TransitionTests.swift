import Foundation
import Testing
@testable import PCI

/// The rules of DESIGN §4 / reference §4.3, one test per rule and per refusal.
struct TransitionTests {
    let pf = Fixture.address("0000:81:00.0")
    let vf1 = Fixture.address("0000:81:00.1")
    let vf2 = Fixture.address("0000:81:00.2")
    let vf3 = Fixture.address("0000:81:00.3")
    let vf4 = Fixture.address("0000:81:00.4")
    let server = UUID()
    let other = UUID()

    var vfs: [PCIAddress] { [vf1, vf2, vf3, vf4] }

    func engine() -> PCIClaimEngine { Fixture.engine(Fixture.sriovCard()) }

    // MARK: PF life cycle

    @Test func pfClaimAllocateFreeMovesChildrenUnclaimableUnavailableAvailable() throws {
        var engine = engine()
        try engine.claim(pf, for: server)
        #expect(engine.status(pf) == .claimed)
        #expect(engine.statuses(vfs) == Array(repeating: .unclaimable, count: 4))
        try engine.allocate(instance: server)
        #expect(engine.status(pf) == .allocated)
        #expect(engine.statuses(vfs) == Array(repeating: .unavailable, count: 4))
        try engine.free(pf, instance: server)
        #expect(engine.status(pf) == .available)
        #expect(engine.statuses(vfs) == Array(repeating: .available, count: 4))
        #expect(engine.device(at: pf)?.instanceUUID == nil)
        #expect(engine.devices(ownedBy: server).isEmpty)
    }

    @Test func pfAllocateWithoutClaimTakesChildren() throws {
        var engine = engine()
        try engine.allocate(pf, for: server)
        #expect(engine.status(pf) == .allocated)
        #expect(engine.statuses(vfs) == Array(repeating: .unavailable, count: 4))
    }

    @Test func pfClaimRefusedWhenAChildIsClaimed() throws {
        var engine = engine()
        try engine.claim(vf1, for: other)
        // The PF is unclaimable now, so the status check refuses first.
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: pf, status: .unclaimable, expected: [.available])) {
            try engine.claim(pf, for: server)
        }
    }

    @Test func pfClaimRefusedWithVFInvalidStatusWhenAnAvailablePFHasAnOwnedChild() throws {
        // A ledger where the PF reads available although a VF is claimed: the VF check
        // of the PF claim must still refuse.
        var devices = Fixture.sriovCard()
        devices[1].status = .claimed
        devices[1].instanceUUID = other
        var engine = Fixture.engine(devices)
        #expect(throws: PCIDeviceError.vfInvalidStatus(host: Fixture.host, pfAddress: pf)) {
            try engine.claim(pf, for: server)
        }
        #expect(engine.status(pf) == .available)
        #expect(engine.status(vf2) == .available)
        #expect(
            PCIDeviceError.vfInvalidStatus(host: Fixture.host, pfAddress: pf).description
                == "Not all Virtual Functions of PF compute0:0000:81:00.0 are free.")
    }

    @Test func pfClaimToleratesChildrenThatAreOnlyUnclaimableOrUnavailable() throws {
        // Nova bug 1969496: allowed, with the children forced to unclaimable.
        var devices = Fixture.sriovCard()
        devices[1].status = .unavailable
        devices[2].status = .unclaimable
        var engine = Fixture.engine(devices)
        try engine.claim(pf, for: server)
        #expect(engine.statuses(vfs) == Array(repeating: .unclaimable, count: 4))
    }

    @Test func pfAllocateRefusedWhenAChildIsUnavailable() throws {
        var devices = Fixture.sriovCard()
        devices[1].status = .unavailable
        var engine = Fixture.engine(devices)
        #expect(throws: PCIDeviceError.vfInvalidStatus(host: Fixture.host, pfAddress: pf)) {
            try engine.allocate(pf, for: server)
        }
        #expect(engine.status(pf) == .available)
    }

    // MARK: VF life cycle

    @Test func vfClaimAllocateTakesParentUnclaimableThenUnavailable() throws {
        var engine = engine()
        try engine.claim(vf4, for: server)
        #expect(engine.status(vf4) == .claimed)
        #expect(engine.status(pf) == .unclaimable)
        try engine.allocate(instance: server)
        #expect(engine.status(vf4) == .allocated)
        #expect(engine.status(pf) == .unavailable)
        #expect(engine.statuses([vf1, vf2, vf3]) == [.available, .available, .available])
    }

    @Test func freeingVFsOneByOneReturnsThePFOnlyAfterTheLast() throws {
        var engine = engine()
        for vf in vfs { try engine.allocate(vf, for: server) }
        #expect(engine.status(pf) == .unavailable)
        for vf in vfs.dropLast() {
            try engine.free(vf, instance: server)
            #expect(engine.status(pf) == .unavailable)
        }
        try engine.free(vf4, instance: server)
        #expect(engine.status(pf) == .available)
    }

    @Test func vfClaimRefusedWhenParentIsClaimed() throws {
        var engine = engine()
        try engine.claim(pf, for: other)
        // The VF itself went unclaimable, which is refused first…
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .unclaimable, expected: [.available])) {
            try engine.claim(vf1, for: server)
        }
        // …and a VF that still reads available under a claimed PF meets the PF check.
        var devices = Fixture.sriovCard()
        devices[0].status = .claimed
        devices[0].instanceUUID = other
        var inconsistent = Fixture.engine(devices)
        let expected = PCIDeviceError.pfInvalidStatus(host: Fixture.host, pfAddress: pf, vfAddress: vf1, status: .claimed,
                                                       expected: [.available, .unclaimable, .unavailable])
        #expect(throws: expected) { try inconsistent.claim(vf1, for: server) }
        #expect(throws: expected) { try inconsistent.allocate(vf1, for: server) }
        #expect(inconsistent.status(vf1) == .available)
        #expect(expected.description == "Physical Function compute0:0000:81:00.0, related to VF compute0:0000:81:00.1 is claimed instead of available or unclaimable or unavailable")
    }

    @Test func vfWithoutTrackedParentHasNoDependency() throws {
        var engine = Fixture.engine(Fixture.sriovCard(trackPF: false))
        try engine.claim(vf1, for: server)
        try engine.allocate(instance: server)
        try engine.free(vf1, instance: server)
        #expect(engine.status(vf1) == .available)
        #expect(engine.device(at: pf) == nil)
    }

    @Test func vdpaFollowsTheChildRules() throws {
        var devices = Fixture.sriovCard(vfs: 2)
        devices[1].type = .vdpa
        var engine = Fixture.engine(devices)
        try engine.claim(vf1, for: server)
        #expect(engine.status(pf) == .unclaimable)
        try engine.allocate(instance: server)
        #expect(engine.status(pf) == .unavailable)
        try engine.free(vf1, instance: server)
        #expect(engine.status(pf) == .available)
    }

    // MARK: Refusals common to every type

    @Test func claimRefusesANonAvailableDevice() throws {
        var engine = engine()
        try engine.claim(vf1, for: server)
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .claimed, expected: [.available])) {
            try engine.claim(vf1, for: other)
        }
        #expect(engine.device(at: vf1)?.instanceUUID == server)
    }

    @Test func allocateRefusesAnotherOwnersClaim() throws {
        var engine = engine()
        try engine.claim(vf1, for: other)
        #expect(throws: PCIDeviceError.invalidOwner(host: Fixture.host, address: vf1, owner: other, expected: server)) {
            try engine.allocate(vf1, for: server)
        }
        #expect(engine.status(vf1) == .claimed)
    }

    @Test func allocateRefusesAnAllocatedDevice() throws {
        var engine = engine()
        try engine.allocate(vf1, for: server)
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .allocated, expected: [.available, .claimed])) {
            try engine.allocate(vf1, for: server)
        }
    }

    @Test func freeingAnAvailableDeviceIsRefused() throws {
        var engine = engine()
        let error = PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .available,
                                                 expected: [.claimed, .allocated, .detaching, .quarantined])
        #expect(throws: error) { try engine.free(vf1) }
        #expect(error.description == "PCI device compute0:0000:81:00.1 is available instead of claimed or allocated or detaching or quarantined")
    }

    @Test func freeingAnotherOwnersDeviceIsRefused() throws {
        var engine = engine()
        try engine.allocate(vf1, for: other)
        let error = PCIDeviceError.invalidOwner(host: Fixture.host, address: vf1, owner: other, expected: server)
        #expect(throws: error) { try engine.free(vf1, instance: server) }
        #expect(engine.status(vf1) == .allocated)
        #expect(error.description.hasPrefix("PCI device compute0:0000:81:00.1 is owned by \(other.uuidString.lowercased()) instead of"))
    }

    @Test func unknownAddressIsRefused() {
        var engine = engine()
        let missing = Fixture.address("0000:99:00.0")
        #expect(throws: PCIDeviceError.notFound(host: Fixture.host, address: missing)) { try engine.claim(missing, for: server) }
        #expect(throws: PCIDeviceError.notFound(host: Fixture.host, address: missing)) { try engine.free(missing) }
    }

    // MARK: remove

    @Test func removeIsAllowedFromFreeStatesOnly() throws {
        var engine = engine()
        try engine.remove(vf2)
        #expect(engine.status(vf2) == .removed)
        try engine.allocate(vf1, for: server)
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .allocated,
                                                     expected: [.available, .unclaimable, .unavailable])) {
            try engine.remove(vf1)
        }
        // The PF is unavailable (its VF is in use) and has no owner: removable.
        try engine.remove(pf)
        #expect(engine.status(pf) == .removed)
    }

    @Test func removedDevicesAreNeverHandedOut() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 1))
        try engine.remove(vf1)
        #expect(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(), for: server) }
    }

    // MARK: detaching and quarantine (ours)

    @Test func detachKeepsOwnershipUntilFreed() throws {
        var engine = engine()
        try engine.allocate(vf1, for: server)
        try engine.beginDetach(vf1, instance: server)
        #expect(engine.status(vf1) == .detaching)
        #expect(engine.status(pf) == .unavailable)
        #expect(engine.device(at: vf1)?.instanceUUID == server)
        try engine.free(vf1, instance: server)
        #expect(engine.status(vf1) == .available)
        #expect(engine.status(pf) == .available)
    }

    @Test func cancelledDetachReturnsToAllocated() throws {
        var engine = engine()
        try engine.allocate(vf1, for: server)
        try engine.beginDetach(vf1, instance: server)
        try engine.cancelDetach(vf1, instance: server)
        #expect(engine.status(vf1) == .allocated)
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .allocated, expected: [.detaching])) {
            try engine.cancelDetach(vf1, instance: server)
        }
    }

    @Test func detachRefusesClaimedOrForeignDevices() throws {
        var engine = engine()
        try engine.claim(vf1, for: server)
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .claimed, expected: [.allocated, .quarantined])) {
            try engine.beginDetach(vf1, instance: server)
        }
        try engine.allocate(instance: server)
        #expect(throws: PCIDeviceError.invalidOwner(host: Fixture.host, address: vf1, owner: server, expected: other)) {
            try engine.beginDetach(vf1, instance: other)
        }
    }

    @Test func quarantinedDeviceStaysOwnedAndIsNeverHandedOut() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 1))
        try engine.allocate(vf1, for: server)
        try engine.beginDetach(vf1, instance: server)
        try engine.quarantine(vf1, instance: server, reason: "guest did not release the device in 20 s × 8")
        #expect(engine.status(vf1) == .quarantined)
        #expect(engine.device(at: vf1)?.instanceUUID == server)
        #expect(engine.device(at: vf1)?.quarantineReason == "guest did not release the device in 20 s × 8")
        #expect(engine.status(pf) == .unavailable)
        let failure = try #require(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(), for: other) }
        #expect(failure.stage == .allInUse(owned: 0, blockedByDependency: 0, quarantined: 1))
        // A retried detach may start from quarantine.
        try engine.beginDetach(vf1, instance: server)
        #expect(engine.status(vf1) == .detaching)
        #expect(engine.device(at: vf1)?.quarantineReason == nil)
        try engine.quarantine(vf1, instance: server, reason: "again")
        try engine.clearQuarantine(vf1)
        #expect(engine.status(vf1) == .available)
        #expect(engine.device(at: vf1)?.quarantineReason == nil)
        #expect(engine.status(pf) == .available)
    }

    @Test func clearQuarantineRefusesOtherStatuses() throws {
        var engine = engine()
        try engine.allocate(vf1, for: server)
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .allocated, expected: [.quarantined])) {
            try engine.clearQuarantine(vf1)
        }
    }

    @Test func freeAllReleasesEveryDeviceOfAnInstance() throws {
        var engine = Fixture.engine(Fixture.sriovCard() + Fixture.sriovCard(bus: 0x82))
        try engine.allocate(vf1, for: server)
        try engine.claim(Fixture.address("0000:82:00.3"), for: server)
        try engine.allocate(vf2, for: server)
        try engine.beginDetach(vf2, instance: server)
        try engine.allocate(vf3, for: other)
        let freed = engine.freeAll(ownedBy: server)
        #expect(Set(freed) == [vf1, vf2, Fixture.address("0000:82:00.3")])
        #expect(engine.devices(ownedBy: server).isEmpty)
        #expect(engine.status(vf3) == .allocated)
        #expect(engine.status(pf) == .unavailable)
        #expect(engine.status(Fixture.address("0000:82:00.0")) == .available)
    }

    // MARK: change tracking

    @Test func drainChangesReturnsEveryTouchedDeviceOnce() throws {
        var engine = engine()
        #expect(engine.drainChanges().isEmpty)
        try engine.claim(vf1, for: server)
        try engine.allocate(instance: server)
        let changed = engine.drainChanges()
        #expect(changed.map(\.address) == [pf, vf1])
        #expect(changed.map(\.status) == [.unavailable, .allocated])
        #expect(engine.drainChanges().isEmpty)
    }
}

extension TransitionTests {
    @Test func aDeviceGoneFromTheHostIsRemovedWhenFreedNotPooled() throws {
        var devices = Fixture.sriovCard(vfs: 2, trackPF: false)
        devices[1].status = .allocated
        devices[1].instanceUUID = server
        devices[1].removeWhenFreed = true
        var engine = Fixture.engine(devices)
        try engine.free(vf2, instance: server)
        #expect(engine.status(vf2) == .removed)
        // The other VF serves the next claim; the removed one never does.
        #expect(try engine.claim(Fixture.portRequest(), for: other) == [vf1])
        #expect(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(), for: other) }
    }
}
