import Foundation
import JSONModel

extension ReleasePlan {
    /// The journal's `plan` column: the document `JSONEncoder` writes for the plan (the
    /// synthesized `Codable`'s keys, absent optionals left out), which recovery reads back
    /// with the store's `JSONDecoder`. Built through `JSONModel`: an attach writes its
    /// journal row three times and a detach twice, and `JSONEncoder` was the largest part
    /// of those statements.
    public var storedJSON: String {
        var members: [String: JSON] = [
            "interface": interface.storedJSON, "guestMayHoldDevice": .bool(guestMayHoldDevice),
            "portMayBeBound": .bool(portMayBeBound),
        ]
        members["request"] = request?.storedJSON
        return JSON.object(members).rendered
    }
}

extension VirtualInterface {
    /// As its synthesized `encode(to:)` writes it.
    var storedJSON: JSON {
        var members: [String: JSON] = [
            "portID": .string(portID), "serverID": .string(serverID.uuidString), "networkID": .string(networkID),
            "macAddress": .string(macAddress), "vnicType": .string(vnicType), "profileKeys": .array(profileKeys.map(JSON.string)),
        ]
        members["pciSlot"] = pciSlot.map { .string($0.description) }
        members["pciRequestID"] = pciRequestID.map { .string($0.uuidString) }
        members["vlan"] = vlan.map(JSON.int)
        members["sourceDevice"] = sourceDevice.map(JSON.string)
        members["tag"] = tag.map(JSON.string)
        members["portCreatedByCompute"] = portCreatedByCompute.map(JSON.bool)
        return .object(members)
    }
}
