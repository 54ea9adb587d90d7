import Foundation
import JSONModel

extension SimulatedDomain {
    /// The domain file's text: the document `JSONEncoder` writes for it (the synthesized
    /// `Codable`'s keys, absent optionals left out, UUIDs as `uuidString`, dates as seconds
    /// since 2001, keys sorted), which `SimulatedDomainStore` reads back with `JSONDecoder`.
    /// Written through `JSONModel` without indentation: every attach and detach saves the
    /// domain two to four times, and `JSONEncoder`'s pretty-printed, sorted output of its
    /// two XML documents cost more than the file write itself.
    var fileJSON: String {
        var members: [String: JSON] = [
            "definition": definition.fileJSON, "state": .string(state.rawValue), "persistentXML": .string(persistentXML),
            // A set has no order: sorted, so that one domain is always the same text.
            "pendingUnplugs": .array(pendingUnplugs.sorted().map(JSON.string)), "boot": .int(boot),
        ]
        members["liveXML"] = liveXML.map(JSON.string)
        members["unplugRequestedAt"] = unplugRequestedAt.map { dates in
            // `Date`'s own `encode(to:)`: seconds since the reference date, as a double.
            .object(dates.mapValues { .number($0.timeIntervalSinceReferenceDate) })
        }
        return JSON.object(members).rendered
    }
}

extension DomainDefinition {
    /// As its synthesized `encode(to:)` writes it.
    var fileJSON: JSON {
        var members: [String: JSON] = [
            "uuid": .string(uuid.uuidString), "name": .string(name), "vcpus": .int(vcpus), "memoryMB": .int(memoryMB),
        ]
        members["numaCells"] = numaCells.map { .array($0.map(JSON.int)) }
        members["imageID"] = imageID.map(JSON.string)
        return .object(members)
    }
}
