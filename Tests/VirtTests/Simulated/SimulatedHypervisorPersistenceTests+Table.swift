import TestSupport
import Foundation
import PCI
import Testing
@testable import Virt

/// A reloaded simulator holds every domain's record and reads a domain's XML from its file
/// when an operation needs it, keeping only the domains used last (`SimulatedDomainTable`).
extension SimulatedHypervisorPersistenceTests {
    /// More domains than the table keeps whole, each running with a VF of its own.
    static let domainCount = SimulatedDomainTable.capacity + 20

    static func vfAddress(_ index: Int) -> PCIAddress {
        PCIAddress(domain: 0, bus: UInt8(0x81 + index / 256), slot: UInt8(index / 8 % 32), function: UInt8(index % 8))
    }

    static func vf(_ index: Int) -> GuestDevice { .hostdevPCI(address: vfAddress(index)) }

    @Test func moreDomainsThanTheTableKeepsWholeEachAnswerTheirOwn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try SimulatedHypervisor(directory: directory.url)
        var uuids: [UUID] = []
        for index in 0..<Self.domainCount {
            uuids.append(try await first.makeDomain("vm-\(index)", devices: [Self.vf(index)]))
        }

        let second = try SimulatedHypervisor(directory: directory.url)
        for (index, uuid) in uuids.enumerated() {
            #expect(try await second.state(of: uuid) == .running)
            #expect(try await second.domainXML(of: uuid, live: true) == first.domainXML(of: uuid, live: true))
            #expect(try await second.contains(Self.vf(index), in: uuid, live: true))
        }
        // Each guest still holds its VF on the host, whichever domains are kept whole.
        let other = try await second.makeDomain("vm-new", state: .shutoff)
        try await second.attach(Self.vf(3), to: other)
        await #expect(throws: HypervisorError.operationFailed(HostResource.pciDevice(Self.vfAddress(3)).inUseMessage(holder: "vm-3"))) {
            try await second.start(other)
        }
        #expect(try await second.detach(Self.vf(3), from: uuids[3], policy: Fixture.eventDriven) == .removed)
        try await second.start(other)
        #expect(try await second.state(of: other) == .running)
    }

    @Test func aDomainFileWithoutItsPersistentXMLStopsTheLoad() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let uuid = try await SimulatedHypervisor(directory: directory.url).makeDomain(state: .shutoff)
        let file = directory.url.appendingPathComponent(uuid.uuidString.lowercased() + ".json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        document["persistentXML"] = nil
        try JSONSerialization.data(withJSONObject: document).write(to: file)
        let error = try #require(throws: HypervisorError.self) { try SimulatedHypervisor(directory: directory.url) }
        #expect(error.description.contains("cannot read simulated domain file \(file.path)"))
    }

    @Test func aDomainFileGoneBehindTheSimulatorsBackIsAnErrorNotAMissingDomain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let uuid = try await SimulatedHypervisor(directory: directory.url).makeDomain(devices: [Fixture.pfHostdev])
        let second = try SimulatedHypervisor(directory: directory.url)
        let file = directory.url.appendingPathComponent(uuid.uuidString.lowercased() + ".json")
        try FileManager.default.removeItem(at: file)
        let error = try await #require(throws: HypervisorError.self) { try await second.domainXML(of: uuid, live: true) }
        guard case .internalError(let message) = error else {
            Issue.record("expected internalError, got \(error)")
            return
        }
        #expect(message.hasPrefix("cannot read simulated domain file \(file.path)"))
    }
}
