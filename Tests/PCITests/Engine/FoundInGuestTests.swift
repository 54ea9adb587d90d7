import Foundation
import Testing
@testable import PCI

/// `quarantineFoundInGuest`: a free device a guest holds behind the ledger's back becomes
/// that server's, quarantined; anything but a free device is a conflict and is refused.
struct FoundInGuestTests {
    let pf = Fixture.pf, vf1 = Fixture.vf1, vf2 = Fixture.vf2
    let server = UUID()
    let other = UUID()
    let now = Date(timeIntervalSinceReferenceDate: 800_000_000)

    @Test func aFreeVFBecomesTheGuestsQuarantinedAndItsPFFollows() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 1))
        try engine.quarantineFoundInGuest(vf1, heldBy: server, reason: "found in the guest", at: now)
        let device = try #require(engine.device(at: vf1))
        #expect(device.status == .quarantined)
        #expect(device.instanceUUID == server)
        #expect(device.requestID == nil)
        #expect(device.quarantineReason == "found in the guest")
        #expect(device.quarantinedAt == now)
        #expect(engine.status(pf) == .unavailable)
        #expect(engine.devices(ownedBy: server).map(\.address) == [vf1])
        // Never handed out while the guest has it.
        let failure = try #require(throws: PCIClaimFailure.self) {
            try engine.claim(Fixture.portRequest(), for: other)
        }
        #expect(failure.stage == .allInUse(owned: 0, blockedByDependency: 0, quarantined: 1))
    }

    @Test func aFreePFTakesItsVFsAlong() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 2))
        try engine.quarantineFoundInGuest(pf, heldBy: server, reason: "found", at: now)
        #expect(engine.status(pf) == .quarantined)
        #expect(engine.statuses([vf1, vf2]) == [.unavailable, .unavailable])
        // Released by an operator: the family comes back.
        try engine.clearQuarantine(pf)
        #expect(engine.statuses([pf, vf1, vf2]) == [.available, .available, .available])
    }

    @Test func aDeviceSomeoneOwnsIsRefusedAndUnchanged() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        try engine.allocate(vf1, for: other)
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: vf1, status: .allocated, expected: [.available])) {
            try engine.quarantineFoundInGuest(vf1, heldBy: server, reason: "found", at: now)
        }
        #expect(engine.device(at: vf1)?.instanceUUID == other)
        #expect(engine.status(vf1) == .allocated)
    }

    @Test func aPFBlockedByAVFInUseIsRefused() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        try engine.allocate(vf1, for: other)
        #expect(throws: PCIDeviceError.invalidStatus(host: Fixture.host, address: pf, status: .unavailable, expected: [.available])) {
            try engine.quarantineFoundInGuest(pf, heldBy: server, reason: "found", at: now)
        }
        #expect(engine.devices(ownedBy: server).isEmpty)
    }

    @Test func anUntrackedAddressIsNotFound() {
        var engine = Fixture.engine(Fixture.sriovCard())
        let stranger = Fixture.address("0000:99:00.1")
        #expect(throws: PCIDeviceError.notFound(host: Fixture.host, address: stranger)) {
            try engine.quarantineFoundInGuest(stranger, heldBy: server, reason: "found", at: now)
        }
    }
}
