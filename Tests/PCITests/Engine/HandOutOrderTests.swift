import Foundation
import Testing
@testable import PCI

/// Nova's observable choices (§4.4, §9.8): LIFO within a pool, pools with fewer keys
/// first, pools in creation order, a drained-and-refilled pool moving to the back.
struct HandOutOrderTests {
    @Test func firstVFHandedOutIsTheHighestAddress() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        let server = UUID()
        let first = try engine.claim(Fixture.portRequest(), for: server)
        #expect(first == [Fixture.address("0000:81:00.4")])
        let second = try engine.claim(Fixture.portRequest(), for: server)
        #expect(second == [Fixture.address("0000:81:00.3")])
    }

    @Test func aFreedVFIsTheNextHandedOut() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        let server = UUID()
        _ = try engine.claim(Fixture.portRequest(), for: server)
        _ = try engine.claim(Fixture.portRequest(), for: server)
        try engine.free(Fixture.address("0000:81:00.4"), instance: server)
        #expect(try engine.claim(Fixture.portRequest(), for: UUID()) == [Fixture.address("0000:81:00.4")])
    }

    @Test func directPhysicalGetsThePFAndVFRequestsNeverDo() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 1))
        let pfClaim = try engine.claim(Fixture.portRequest(.directPhysical), for: UUID())
        #expect(pfClaim == [Fixture.address("0000:81:00.0")])
        #expect(engine.status(Fixture.address("0000:81:00.1")) == .unclaimable)
        // The only VF is blocked by its claimed PF, and the PF is not offered to VF requests.
        #expect(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(.direct), for: UUID()) }
    }

    @Test func poolsAreTakenInCreationOrderAndARefilledPoolMovesToTheBack() throws {
        // Two PFs' VFs (pools A = 81, B = 82), one VF each plus one more on A.
        var engine = Fixture.engine(Fixture.sriovCard(bus: 0x81, vfs: 2, trackPF: false) + Fixture.sriovCard(bus: 0x82, vfs: 1, trackPF: false))
        let a = UUID(), b = UUID(), c = UUID()
        #expect(try engine.claim(Fixture.portRequest(), for: a) == [Fixture.address("0000:81:00.2")])
        #expect(try engine.claim(Fixture.portRequest(), for: b) == [Fixture.address("0000:81:00.1")])
        // Pool A is empty now, so Nova dropped it; B serves the next claim.
        #expect(try engine.claim(Fixture.portRequest(), for: c) == [Fixture.address("0000:82:00.1")])
        try engine.free(Fixture.address("0000:82:00.1"), instance: c)
        try engine.free(Fixture.address("0000:81:00.1"), instance: b)
        // B was re-created before A, so B comes first now.
        #expect(try engine.claim(Fixture.portRequest(), for: UUID()) == [Fixture.address("0000:82:00.1")])
        #expect(try engine.claim(Fixture.portRequest(), for: UUID()) == [Fixture.address("0000:81:00.1")])
    }

    @Test func poolsWithFewerKeysComeFirst() throws {
        // The 82 card carries an extra tag, so its pool has more keys and is tried last
        // although both match the request.
        let plain = Fixture.sriovCard(bus: 0x82, vfs: 1, trackPF: false)
        let tagged = Fixture.sriovCard(bus: 0x81, vfs: 1, tags: ["physical_network": .string("physnet2"), "rack": .string("r1")], trackPF: false)
        var engine = Fixture.engine(tagged + plain)
        #expect(try engine.claim(Fixture.portRequest(), for: UUID()) == [Fixture.address("0000:82:00.1")])
        #expect(try engine.claim(Fixture.portRequest(), for: UUID()) == [Fixture.address("0000:81:00.1")])
    }

    @Test func multiDeviceRequestsAreAllOrNothing() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 3, trackPF: false))
        let three = try PCIRequest(count: 3, spec: [["physical_network": .string("physnet2")]])
        let server = UUID()
        #expect(try engine.claim(three, for: server).count == 3)
        try engine.free(Fixture.address("0000:81:00.1"), instance: server)
        let four = try PCIRequest(count: 2, spec: [["physical_network": .string("physnet2")]])
        let failure = try #require(throws: PCIClaimFailure.self) { try engine.claim(four, for: UUID()) }
        #expect(failure.stage == .notEnough(free: 1))
        #expect(engine.status(Fixture.address("0000:81:00.1")) == .available)
    }

    @Test func severalRequestsRollBackTogether() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 1))
        let server = UUID()
        let vf = Fixture.portRequest(.direct)
        let pfRequest = Fixture.portRequest(.directPhysical)
        // The VF claim succeeds and blocks the PF, so the PF request fails: both undone.
        #expect(throws: PCIClaimFailure.self) { try engine.claim([vf, pfRequest], for: server) }
        #expect(engine.allDevices.allSatisfy { $0.status == .available && $0.instanceUUID == nil })
        let both = try engine.claim([vf], for: server)
        #expect(both[vf.requestID] == [Fixture.address("0000:81:00.1")])
        #expect(engine.device(at: Fixture.address("0000:81:00.1"))?.requestID == vf.requestID)
    }

    @Test func claimRecordsRequestAndOwner() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        let server = UUID()
        let request = Fixture.portRequest()
        let address = try #require(try engine.claim(request, for: server).first)
        let device = try #require(engine.device(at: address))
        #expect(device.requestID == request.requestID)
        #expect(device.instanceUUID == server)
        #expect(device.status == .claimed)
        try engine.free(address, instance: server)
        #expect(engine.device(at: address)?.requestID == nil)
    }

    @Test func poolCountsFollowTheLedgerThroughManyCycles() throws {
        // Pools are a cache of the statuses; after a long mixed sequence both must agree.
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 8) + Fixture.sriovCard(bus: 0x82, vfs: 8))
        var held: [(UUID, PCIAddress)] = []
        var generator = SystemRandomNumberGenerator()
        for step in 0..<400 {
            if held.isEmpty || (step % 3 != 0 && held.count < 14) {
                let server = UUID()
                let vnic: VNICType = Int.random(in: 0..<5, using: &generator) == 0 ? .directPhysical : .direct
                if let address = try? engine.claim(Fixture.portRequest(vnic), for: server).first {
                    try engine.allocate(instance: server)
                    held.append((server, address))
                }
            } else {
                let (server, address) = held.remove(at: Int.random(in: 0..<held.count, using: &generator))
                try engine.free(address, instance: server)
            }
            let pooled = engine.poolSummaries.reduce(0) { $0 + $1.free }
            #expect(pooled == engine.availableCount)
        }
    }
}
