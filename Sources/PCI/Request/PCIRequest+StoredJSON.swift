import Foundation
import JSONModel

extension PCIRequest {
    /// The request as its `encode(to:)` writes it (absent optionals left out, the request
    /// id as `uuidString`), built through `JSONModel`: a journal row's release plan holds
    /// one, and each attach writes that row three times.
    public var storedJSON: JSON {
        var members: [String: JSON] = [
            "count": .int(count), "spec": .array(spec.map { .object($0.mapValues(\.storedJSON)) }),
            "request_id": .string(requestID.uuidString),
        ]
        members["requester_id"] = requesterID.map(JSON.string)
        members["alias_name"] = aliasName.map(JSON.string)
        members["numa_policy"] = numaPolicy.map { .string($0.rawValue) }
        return .object(members)
    }
}
