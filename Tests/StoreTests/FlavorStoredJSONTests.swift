import ComputeModel
import Foundation
import JSONModel
import Testing
@testable import Store

/// Flavor documents are read through `JSONModel` (`Flavor(storedJSON:)`), falling back to
/// `JSONDecoder`: both must read every document `JSONColumn` writes as the same flavor, and
/// the fast reader must hand back (nil) whatever it does not know.
struct FlavorStoredJSONTests {
    static let flavors = [
        Flavor(id: "1", name: "m1.tiny", vcpus: 1, ramMB: 512, diskGB: 1),
        Flavor(id: "sriov-numa", name: "big \"numa\"\nü", vcpus: 16, ramMB: 65536, diskGB: 160, ephemeralGB: 10, swapMB: 2048,
               rxtxFactor: 1.5, isPublic: false, description: "pinned",
               extraSpecs: ["hw:pci_numa_affinity_policy": "required", "hw:numa_nodes": "2", "empty": ""]),
        Flavor(id: "3", name: "whole", vcpus: 2, ramMB: 1024, diskGB: 0, rxtxFactor: 2, description: ""),
    ]

    @Test func readsWhatJSONColumnWritesAsTheDecoderDoes() throws {
        for flavor in Self.flavors {
            let text = try JSONColumn.encode(flavor)
            let decoded = try JSONColumn.decode(Flavor.self, from: text)
            #expect(decoded == flavor)
            #expect(Flavor(storedJSON: text) == decoded)
            #expect(try FlavorRecords.document(text) == flavor)
        }
    }

    @Test func aNullDescriptionReadsAsAbsent() throws {
        var document = try #require(JSON.parse(try JSONColumn.encode(Self.flavors[1]))?.objectValue)
        document["description"] = .null
        let text = JSON.object(document).rendered
        #expect(Flavor(storedJSON: text) == (try JSONColumn.decode(Flavor.self, from: text)))
        #expect(Flavor(storedJSON: text)?.description == nil)
    }

    @Test("what it does not know is left to the decoder", arguments: [
        ("an unknown key", "extra", JSON.string("x")), ("a missing required key", "ramMB", nil),
        ("a flag as text", "isPublic", .string("true")), ("a fractional size", "vcpus", .number(1.5)),
        ("extra specs that are not text", "extraSpecs", .object(["k": .int(1)])), ("a description that is a number", "description", .int(3)),
    ])
    func unknownDocuments(what: String, key: String, value: JSON?) throws {
        var document = try #require(JSON.parse(try JSONColumn.encode(Self.flavors[1]))?.objectValue)
        document[key] = value
        #expect(Flavor(storedJSON: JSON.object(document).rendered) == nil, "\(what)")
    }
}
