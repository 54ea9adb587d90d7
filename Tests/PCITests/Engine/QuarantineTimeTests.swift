import Foundation
import Testing
@testable import PCI

/// When a device was quarantined is kept with the reason, from the first quarantine until
/// the device leaves quarantine.
struct QuarantineTimeTests {
    let vf1 = Fixture.vf1
    let server = UUID()
    let first = Date(timeIntervalSinceReferenceDate: 800_000_000)
    let later = Date(timeIntervalSinceReferenceDate: 800_000_600)

    @Test func theFirstQuarantineSetsTheTimeAndARepeatKeepsIt() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        try engine.allocate(vf1, for: server)
        try engine.quarantine(vf1, instance: server, reason: "timed out", at: first)
        #expect(engine.device(at: vf1)?.quarantinedAt == first)
        try engine.quarantine(vf1, instance: server, reason: "timed out again", at: later)
        #expect(engine.device(at: vf1)?.quarantinedAt == first)
        #expect(engine.device(at: vf1)?.quarantineReason == "timed out again")
    }

    @Test func detachingAgainOrFreeingClearsTheTime() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        try engine.allocate(vf1, for: server)
        try engine.quarantine(vf1, instance: server, reason: "timed out", at: first)
        try engine.beginDetach(vf1, instance: server)
        #expect(engine.device(at: vf1)?.quarantinedAt == nil)
        try engine.quarantine(vf1, instance: server, reason: "timed out", at: later)
        #expect(engine.device(at: vf1)?.quarantinedAt == later)
        try engine.clearQuarantine(vf1)
        #expect(engine.device(at: vf1)?.quarantinedAt == nil)
        #expect(engine.device(at: vf1)?.quarantineReason == nil)
    }

    @Test func theTimeIsKeptToTheSecondAsTheLedgerReadsItBack() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        try engine.allocate(vf1, for: server)
        try engine.quarantine(vf1, instance: server, reason: "timed out", at: Date(timeIntervalSinceReferenceDate: 800_000_000.987_654_321))
        let device = try #require(engine.device(at: vf1))
        #expect(device.quarantinedAt == first)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        #expect(try decoder.decode(PCIDevice.self, from: Data(device.storedJSON.utf8)) == device)
    }

    @Test func theTimeIsWrittenWithTheDevice() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        _ = engine.drainChanges()
        try engine.allocate(vf1, for: server)
        _ = engine.drainChanges()
        try engine.quarantine(vf1, instance: server, reason: "timed out", at: first)
        #expect(engine.drainChanges().map(\.address) == [vf1])
    }
}
