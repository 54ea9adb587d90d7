import Foundation
import JSONModel
import Testing
@testable import Virt

/// The domain file is written through `JSONModel` and read with `JSONDecoder`: it must be
/// the document `JSONEncoder` wrote for the same domain, and read back as that domain.
struct SimulatedDomainFileJSONTests {
    static let xml = """
        <domain type='kvm'>
          <name>vm-"1"</name>
          <description>tab\there, back\\slash, ü😀, a / slash</description>
        </domain>
        """

    static var domains: [SimulatedDomain] {
        var bare = SimulatedDomain(definition: DomainDefinition(uuid: UUID(), name: "vm-bare", vcpus: 1, memoryMB: 512))
        bare.persistentXML = ""
        var running = SimulatedDomain(definition: DomainDefinition(
            uuid: UUID(), name: "vm-\"running\"", vcpus: 4, memoryMB: 8192, numaCells: [0, 1], imageID: "image-1"))
        running.persistentXML = xml
        running.liveXML = xml + "\r\n\u{1}"
        running.state = .running
        running.pendingUnplugs = ["hostdev1", "hostdev0", "ua-sriov-2"]
        running.unplugRequestedAt = [
            "hostdev0": Date(timeIntervalSinceReferenceDate: 786_000_123.456_789), "hostdev1": Date(timeIntervalSince1970: 0),
            "ua-sriov-2": Date(timeIntervalSinceReferenceDate: -0.001),
        ]
        running.boot = 7
        var suspended = running
        suspended.state = .suspended
        suspended.pendingUnplugs = []
        suspended.unplugRequestedAt = [:]
        suspended.definition.numaCells = []
        return [bare, running, suspended]
    }

    @Test("the file holds the document JSONEncoder writes", arguments: domains)
    func sameDocumentAsJSONEncoder(domain: SimulatedDomain) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var encoded = try #require(JSON.parse(try encoder.encode(domain))?.objectValue)
        // A set: `JSONEncoder` writes it in iteration order, the file sorted.
        encoded["pendingUnplugs"] = .array(domain.pendingUnplugs.sorted().map(JSON.string))
        #expect(JSON.parse(domain.fileJSON) == .object(encoded))
    }

    @Test("the file reads back as the same domain, and as its record", arguments: domains)
    func readsBack(domain: SimulatedDomain) throws {
        let text = Data(domain.fileJSON.utf8)
        #expect(try JSONDecoder().decode(SimulatedDomain.self, from: text) == domain)
        #expect(try JSONDecoder().decode(DomainRecord.self, from: text) == DomainRecord(domain))
    }

    @Test("pending unplugs are written sorted: one domain is always the same text")
    func stableText() throws {
        let domain = try #require(Self.domains.first(where: { $0.pendingUnplugs.count > 1 }))
        #expect(JSON.parse(domain.fileJSON)?["pendingUnplugs"] == .array(["hostdev0", "hostdev1", "ua-sriov-2"]))
    }
}
