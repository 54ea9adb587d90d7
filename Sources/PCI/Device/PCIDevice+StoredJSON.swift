import Foundation
import JSONModel

extension PCIDevice {
    /// The device as the ledger stores it: the same document `JSONEncoder` writes for it
    /// (keys of the synthesized `Codable`, absent optionals left out, dates in milliseconds
    /// since 1970 as the store encodes them), so that the store's `JSONDecoder` reads it back. Every claim, allocation and free writes one or two devices, and
    /// `JSONEncoder` took longer than the rest of those transactions.
    public var storedJSON: String {
        var members: [String: JSON] = [
            "address": .string(address.description), "vendorID": .string(vendorID), "productID": .string(productID),
            "type": .string(type.rawValue), "status": .string(status.rawValue),
            "tags": .object(tags.mapValues(\.storedJSON)), "removeWhenFreed": .bool(removeWhenFreed),
        ]
        members["numaNode"] = numaNode.map(JSON.int)
        members["parentAddress"] = parentAddress.map { .string($0.description) }
        members["instanceUUID"] = instanceUUID.map { .string($0.uuidString) }
        members["requestID"] = requestID.map { .string($0.uuidString) }
        members["netdevName"] = netdevName.map(JSON.string)
        members["macAddress"] = macAddress.map(JSON.string)
        members["parentIfname"] = parentIfname.map(JSON.string)
        members["pfMACAddress"] = pfMACAddress.map(JSON.string)
        members["vfNumber"] = vfNumber.map(JSON.int)
        members["cardSerialNumber"] = cardSerialNumber.map(JSON.string)
        members["vdpaName"] = vdpaName.map(JSON.string)
        members["quarantineReason"] = quarantineReason.map(JSON.string)
        // Dates as the ledger's store reads them: milliseconds since 1970 (JSONEncoder's
        // `.millisecondsSince1970`, which writes whole values without a fraction).
        members["quarantinedAt"] = quarantinedAt.map { date in
            let milliseconds = date.timeIntervalSince1970 * 1000
            return milliseconds.rounded() == milliseconds && abs(milliseconds) < 1e15 ? .int(Int(milliseconds)) : .number(milliseconds)
        }
        return JSON.object(members).rendered
    }
}

extension TagValue {
    /// As its `encode(to:)` writes it.
    var storedJSON: JSON {
        switch self {
        case .string(let value): .string(value)
        case .int(let value): .int(value)
        case .bool(let value): .bool(value)
        case .null: .null
        case .list(let values): .array(values.map(JSON.string))
        }
    }
}
