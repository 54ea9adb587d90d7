import ComputeModel
import Foundation
import JSONModel

extension Flavor {
    /// The keys `init?(storedJSON:)` reads: a document with any other (a field added to
    /// `Flavor` but not here) goes to `Codable`, never loses it.
    static let storedKeys: Set<String> = [
        "id", "name", "vcpus", "ramMB", "diskGB", "ephemeralGB", "swapMB", "rxtxFactor", "isPublic", "description", "extraSpecs",
    ]

    /// Reads the flavors table's document (what `JSONColumn.encode` wrote) through
    /// `JSONModel` rather than `JSONDecoder`: the attach reads its server's flavor in its
    /// first statement, and decoding it took a third of that read's CPU. Nil for a
    /// document the synthesized `Codable` would not have written (a missing or unknown
    /// key, another type): the caller decodes that one with `JSONColumn`, so a broken row
    /// fails with the decoder's error.
    init?(storedJSON text: String) {
        guard case .object(let members)? = JSON.parse(text), members.keys.allSatisfy(Self.storedKeys.contains),
              let id = members["id"]?.stringValue, let name = members["name"]?.stringValue,
              let vcpus = members["vcpus"]?.intValue, let ramMB = members["ramMB"]?.intValue,
              let diskGB = members["diskGB"]?.intValue, let ephemeralGB = members["ephemeralGB"]?.intValue,
              let swapMB = members["swapMB"]?.intValue, let rxtxFactor = members["rxtxFactor"].flatMap(Self.double),
              let isPublic = members["isPublic"]?.boolValue, let extraSpecs = members["extraSpecs"]?.stringObjectValue
        else { return nil }
        // `decodeIfPresent`: absent or null is nil; present with another type fails.
        let description: String?
        switch members["description"] {
        case nil, .null?: description = nil
        case .string(let text)?: description = text
        default: return nil
        }
        self.init(id: id, name: name, vcpus: vcpus, ramMB: ramMB, diskGB: diskGB, ephemeralGB: ephemeralGB, swapMB: swapMB,
                  rxtxFactor: rxtxFactor, isPublic: isPublic, description: description, extraSpecs: extraSpecs)
    }

    private static func double(_ value: JSON) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }
}
