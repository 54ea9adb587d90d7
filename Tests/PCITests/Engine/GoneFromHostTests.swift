import Foundation
import Testing
@testable import PCI

/// `goneFromHost`: a device a rescan no longer finds. Free: removed, out of the pools and
/// its PF's family. Owned: its owner's until freed, then removed. Free only in name: refused.
struct GoneFromHostTests {
    let pf = Fixture.pf, vf1 = Fixture.vf1, vf2 = Fixture.vf2
    let server = UUID()

    @Test func aFreeVFIsRemovedAndNeverHandedOut() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 2))
        #expect(try engine.goneFromHost(vf1) == .removed)
        #expect(engine.status(vf1) == .removed)
        // The pool has only the other VF left.
        #expect(try engine.claim(Fixture.portRequest(), for: server) == [vf2])
        #expect(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(), for: UUID()) }
    }

    @Test func aRemovedVFNoLongerBlocksItsPF() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 2))
        _ = try engine.goneFromHost(vf1)
        // The PF's claim checks its family: the removed VF is no longer part of it.
        try engine.claim(pf, for: server)
        #expect(engine.status(vf2) == .unclaimable)
        #expect(engine.status(vf1) == .removed)
        try engine.free(pf, instance: server)
        #expect(engine.statuses([pf, vf1, vf2]) == [.available, .removed, .available])
    }

    @Test func anOwnedVFStaysItsOwnersUntilFreedThenIsRemoved() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 2))
        try engine.allocate(vf1, for: server)
        #expect(try engine.goneFromHost(vf1) == .removedWhenFreed)
        #expect(engine.status(vf1) == .allocated)
        #expect(engine.device(at: vf1)?.instanceUUID == server)
        try engine.free(vf1, instance: server)
        #expect(engine.status(vf1) == .removed)
        #expect(engine.status(pf) == .available)
    }

    @Test func aDeviceFreeOnlyInNameIsRefusedAndUnchanged() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 2))
        try engine.allocate(vf1, for: server)
        #expect(throws: PCIDeviceError.self) { _ = try engine.goneFromHost(pf) }
        #expect(engine.status(pf) == .unavailable)
        _ = engine.drainChanges()
        #expect(throws: PCIDeviceError.self) { _ = try engine.goneFromHost(pf) }
        #expect(engine.drainChanges().isEmpty)
    }

    @Test func aRemovedDeviceIsRefused() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 2))
        _ = try engine.goneFromHost(vf1)
        #expect(throws: PCIDeviceError.self) { _ = try engine.goneFromHost(vf1) }
    }
}
