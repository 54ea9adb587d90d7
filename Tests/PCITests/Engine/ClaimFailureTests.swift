import Foundation
import Testing
@testable import PCI

/// A failed claim says which stage removed the candidates, keeping Nova's prefix.
struct ClaimFailureTests {
    let server = UUID(uuidString: "5f1e9a34-2d0b-4c59-9f6d-3a8f2f4f0c11")!

    @Test func messageKeepsNovasPrefix() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 1))
        _ = try engine.claim(Fixture.portRequest(), for: UUID())
        let failure = try #require(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(), for: server) }
        #expect(failure.message(context: "during interface attach").hasPrefix(
            "Failed to claim PCI device for 5f1e9a34-2d0b-4c59-9f6d-3a8f2f4f0c11 during interface attach: "))
        #expect(failure.description.hasPrefix("Failed to claim PCI device for 5f1e9a34-2d0b-4c59-9f6d-3a8f2f4f0c11: "))
    }

    @Test func unknownPhysnetNamesThePhysnetsThatExist() throws {
        var engine = Fixture.engine(Fixture.sriovCard() + Fixture.sriovCard(bus: 0x82, tags: ["physical_network": .string("physnet1")]))
        let failure = try #require(throws: PCIClaimFailure.self) {
            try engine.claim(Fixture.portRequest(physnet: "physnet9"), for: server)
        }
        #expect(failure.stage == .noMatchingDevice(physnetsOnHost: ["physnet1", "physnet2"]))
        #expect(failure.reason == "no VF on physnet9 is tracked on this host (physnets here: physnet1, physnet2)")
    }

    @Test func tunnelledNetworkMatchesOnlyUntaggedDevices() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        let failure = try #require(throws: PCIClaimFailure.self) {
            try engine.claim(Fixture.portRequest(physnet: "physnet2", networkType: "vxlan"), for: server)
        }
        #expect(failure.physicalNetwork == .null)
        #expect(failure.reason.hasPrefix("no VF without a physical_network (tunnelled network) is tracked"))
        var untagged = Fixture.engine(Fixture.sriovCard(tags: ["physical_network": .null]))
        #expect(try untagged.claim(Fixture.portRequest(networkType: "geneve"), for: server) == [Fixture.address("0000:81:00.4")])
    }

    @Test func wrongDeviceTypeIsNamed() throws {
        var engine = Fixture.engine(Fixture.sriovCard(trackPF: false))
        let failure = try #require(throws: PCIClaimFailure.self) {
            try engine.claim(Fixture.portRequest(.directPhysical), for: server)
        }
        #expect(failure.stage == .deviceType(found: [.virtualFunction: 4]))
        #expect(failure.reason == "no PF on physnet2; only 4 VFs match")
    }

    @Test func exhaustedPoolCountsOwnersAndDependencyBlocks() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 2) + Fixture.sriovCard(bus: 0x82, vfs: 1))
        _ = try engine.claim(Fixture.portRequest(.directPhysical), for: UUID())  // PF 81: its 2 VFs unclaimable
        #expect(try engine.claim(Fixture.portRequest(), for: UUID()) == [Fixture.address("0000:82:00.1")])
        let failure = try #require(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(), for: server) }
        #expect(failure.stage == .allInUse(owned: 1, blockedByDependency: 2, quarantined: 0))
        #expect(failure.reason == "no free VF on physnet2: all 3 VFs are taken (1 in use by servers, 2 unavailable because their PF is in use)")
    }

    @Test func pfRequestBlockedByUsedVFsSaysSo() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 1))
        _ = try engine.claim(Fixture.portRequest(), for: UUID())
        let failure = try #require(throws: PCIClaimFailure.self) {
            try engine.claim(Fixture.portRequest(.directPhysical), for: server)
        }
        #expect(failure.stage == .allInUse(owned: 0, blockedByDependency: 1, quarantined: 0))
        #expect(failure.reason == "no free PF on physnet2: all 1 PFs are taken (1 unavailable because some of their VFs are in use)")
    }

    @Test func failedClaimChangesNothing() throws {
        var engine = Fixture.engine(Fixture.sriovCard(vfs: 2))
        _ = try engine.claim(Fixture.portRequest(), for: UUID())
        _ = engine.drainChanges()
        let before = engine.allDevices
        #expect(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(physnet: "nope"), for: server) }
        #expect(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(.directPhysical), for: server) }
        #expect(engine.allDevices == before)
        #expect(engine.drainChanges().isEmpty)
    }

    @Test func trustedFalseNeedsExplicitlyUntrustedDevices() throws {
        var engine = Fixture.engine(Fixture.sriovCard())
        #expect(throws: PCIClaimFailure.self) {
            try engine.claim(Fixture.portRequest(trusted: .string("false")), for: server)
        }
        var tagged = Fixture.engine(Fixture.sriovCard(tags: ["physical_network": .string("physnet2"), "trusted": .string("false")]))
        #expect(try tagged.claim(Fixture.portRequest(trusted: .bool(false)), for: server).count == 1)
        var trusted = Fixture.engine(Fixture.sriovCard(tags: ["physical_network": .string("physnet2"), "trusted": .string("true")]))
        #expect(try trusted.claim(Fixture.portRequest(trusted: .string("yes")), for: server).count == 1)
    }

    @Test func remoteManagedDevicesServeOnlyRemoteManagedPorts() throws {
        let tags: [String: TagValue] = ["physical_network": .string("physnet4"), "remote_managed": .string("true")]
        var engine = Fixture.engine(Fixture.sriovCard(tags: tags, trackPF: false))
        let failure = try #require(throws: PCIClaimFailure.self) {
            try engine.claim(Fixture.portRequest(.direct, physnet: "physnet4"), for: server)
        }
        #expect(failure.stage == .noMatchingDevice(physnetsOnHost: ["physnet4"]))
        #expect(try engine.claim(Fixture.portRequest(.remoteManaged, physnet: "physnet4"), for: server).count == 1)
    }

    @Test func typePCIDevicesNeedAnExplicitRemoteManagedFalse() throws {
        let nic = PCIDevice(address: Fixture.address("0000:05:00.0"), vendorID: "8086", productID: "10fb", type: .pci,
                            tags: ["physical_network": .string("physnet2")])
        var engine = Fixture.engine([nic])
        #expect(throws: PCIClaimFailure.self) { try engine.claim(Fixture.portRequest(), for: server) }
        var explicit = nic
        explicit.tags["remote_managed"] = .string("false")
        var tagged = Fixture.engine([explicit])
        #expect(try tagged.claim(Fixture.portRequest(), for: server) == [Fixture.address("0000:05:00.0")])
    }
}
