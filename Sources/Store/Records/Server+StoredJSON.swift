import ComputeModel
import Foundation
import JSONModel

extension Server {
    /// The keys `init?(storedJSON:)` reads: a document with any other (a field added to
    /// `Server` but not here) goes to `Codable`, never loses it.
    static let storedKeys: Set<String> = [
        "id", "name", "projectID", "userID", "flavorID", "imageID", "vmState", "taskState", "locked", "lockedReason", "lockedBy",
        "hostName", "numaCells", "metadata", "schedulerHints", "createdAt", "updatedAt", "launchedAt", "fault",
    ]

    /// Reads the servers table's document (what `JSONColumn.encode` wrote) through
    /// `JSONModel` rather than `JSONDecoder`, which was most of every server read and
    /// several run in each attach and detach. Nil for a document the synthesized `Codable`
    /// would not have written (a missing or unknown key, another type): the caller decodes
    /// that one with `JSONColumn`, so a broken row fails with the decoder's error.
    init?(storedJSON text: String) {
        guard case .object(let members)? = JSON.parse(text), members.keys.allSatisfy(Self.storedKeys.contains),
              let id = members["id"]?.stringValue.flatMap(UUID.init(uuidString:)), let name = members["name"]?.stringValue,
              let projectID = members["projectID"]?.stringValue, let userID = members["userID"]?.stringValue,
              let flavorID = members["flavorID"]?.stringValue,
              let vmState = members["vmState"]?.stringValue.flatMap(VMState.init(rawValue:)),
              let locked = members["locked"]?.boolValue, let hostName = members["hostName"]?.stringValue,
              let metadata = members["metadata"]?.stringObjectValue,
              let createdAt = members["createdAt"]?.millisecondsSince1970, let updatedAt = members["updatedAt"]?.millisecondsSince1970
        else { return nil }
        /// An optional member as `decodeIfPresent` reads it: absent or null is nil; present
        /// with another type fails.
        func optional<T>(_ key: String, _ read: (JSON) -> T?) -> T?? {
            guard let value = members[key], value != .null else { return .some(nil) }
            return read(value).map { .some($0) } ?? nil
        }
        guard let imageID = optional("imageID", \.stringValue), let taskState = optional("taskState", \.stringValue),
              let lockedReason = optional("lockedReason", \.stringValue),
              let lockedBy = optional("lockedBy", { $0.stringValue.flatMap(LockedBy.init(rawValue:)) }),
              let numaCells = optional("numaCells", Self.ints), let schedulerHints = optional("schedulerHints", Self.hints),
              let launchedAt = optional("launchedAt", \.millisecondsSince1970), let fault = optional("fault", Self.fault)
        else { return nil }
        self.init(
            id: id, name: name, projectID: projectID, userID: userID, flavorID: flavorID, imageID: imageID, vmState: vmState,
            taskState: taskState, locked: locked, lockedReason: lockedReason, hostName: hostName, numaCells: numaCells,
            metadata: metadata, schedulerHints: schedulerHints, createdAt: createdAt, updatedAt: updatedAt, launchedAt: launchedAt)
        self.lockedBy = lockedBy
        self.fault = fault
    }

    private static func ints(_ value: JSON) -> [Int]? {
        guard let items = value.arrayValue else { return nil }
        let ints = items.compactMap(\.intValue)
        return ints.count == items.count ? ints : nil
    }

    private static func hints(_ value: JSON) -> [String: [String]]? {
        guard let members = value.objectValue else { return nil }
        var hints: [String: [String]] = [:]
        for (key, member) in members {
            guard let items = member.arrayValue else { return nil }
            let strings = items.compactMap(\.stringValue)
            guard strings.count == items.count else { return nil }
            hints[key] = strings
        }
        return hints
    }

    private static func fault(_ value: JSON) -> ServerFault? {
        guard let members = value.objectValue, members.keys.allSatisfy(["code", "message", "createdAt"].contains),
              let code = members["code"]?.intValue, let message = members["message"]?.stringValue,
              let createdAt = members["createdAt"]?.millisecondsSince1970
        else { return nil }
        return ServerFault(code: code, message: message, createdAt: createdAt)
    }
}
