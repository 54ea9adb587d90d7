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

extension PCIDevice {
    /// The keys `init?(storedJSON:)` reads: a document with any other (a field added to
    /// `PCIDevice` and `storedJSON` but not here) goes to `Codable`, never loses it.
    static let storedKeys: Set<String> = [
        "address", "vendorID", "productID", "type", "status", "tags", "removeWhenFreed", "numaNode", "parentAddress",
        "instanceUUID", "requestID", "netdevName", "macAddress", "parentIfname", "pfMACAddress", "vfNumber",
        "cardSerialNumber", "vdpaName", "quarantineReason", "quarantinedAt",
    ]

    /// Reads what `storedJSON` wrote, through `JSONModel` rather than `JSONDecoder`, which
    /// took a tenth of a restart for 16,000 devices. Nil for a document `storedJSON` would
    /// not write (a missing or unknown key, another type): the caller decodes that one with
    /// `Codable`, so older rows read as before and a broken one fails with the decoder's error.
    public init?(storedJSON text: String) {
        guard case .object(let members)? = JSON.parse(text), members.keys.allSatisfy(Self.storedKeys.contains),
              let address = members["address"]?.stringValue.flatMap(PCIAddress.init),
              let vendorID = members["vendorID"]?.stringValue, let productID = members["productID"]?.stringValue,
              let type = members["type"]?.stringValue.flatMap(PCIDeviceType.init(rawValue:)),
              let status = members["status"]?.stringValue.flatMap(PCIDeviceStatus.init(rawValue:)),
              let tagMembers = members["tags"]?.objectValue, let removeWhenFreed = members["removeWhenFreed"]?.boolValue
        else { return nil }
        var tags: [String: TagValue] = [:]
        for (key, value) in tagMembers {
            guard let tag = TagValue(storedJSON: value) else { return nil }
            tags[key] = tag
        }
        /// An optional member: absent or null is nil; present with another type fails.
        func optional<T>(_ key: String, _ read: (JSON) -> T?) -> T?? {
            guard let value = members[key], value != .null else { return .some(nil) }
            return read(value).map { .some($0) } ?? nil
        }
        guard let numaNode = optional("numaNode", \.intValue), let parentAddress = optional("parentAddress", { $0.stringValue.flatMap(PCIAddress.init) }),
              let instanceUUID = optional("instanceUUID", { $0.stringValue.flatMap(UUID.init(uuidString:)) }),
              let requestID = optional("requestID", { $0.stringValue.flatMap(UUID.init(uuidString:)) }),
              let netdevName = optional("netdevName", \.stringValue), let macAddress = optional("macAddress", \.stringValue),
              let parentIfname = optional("parentIfname", \.stringValue), let pfMACAddress = optional("pfMACAddress", \.stringValue),
              let vfNumber = optional("vfNumber", \.intValue), let cardSerialNumber = optional("cardSerialNumber", \.stringValue),
              let vdpaName = optional("vdpaName", \.stringValue), let quarantineReason = optional("quarantineReason", \.stringValue),
              let quarantinedAt = optional("quarantinedAt", \.millisecondsSince1970)
        else { return nil }
        self.init(
            address: address, vendorID: vendorID, productID: productID, type: type, status: status, numaNode: numaNode,
            parentAddress: parentAddress, tags: tags, netdevName: netdevName, macAddress: macAddress, parentIfname: parentIfname,
            pfMACAddress: pfMACAddress, vfNumber: vfNumber, cardSerialNumber: cardSerialNumber, vdpaName: vdpaName)
        self.instanceUUID = instanceUUID
        self.requestID = requestID
        self.quarantineReason = quarantineReason
        self.quarantinedAt = quarantinedAt
        self.removeWhenFreed = removeWhenFreed
    }
}

extension TagValue {
    /// As `init(from:)` reads it; nil for what it would refuse or `storedJSON` never writes.
    init?(storedJSON value: JSON) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .string(let text): self = .string(text)
        // `storedJSON` writes no fractions; the Codable path reads the rows that hold one.
        case .number: return nil
        case .array(let items):
            let strings = items.compactMap(\.stringValue)
            guard strings.count == items.count else { return nil }
            self = .list(strings)
        case .object: return nil
        }
    }
}

extension PCIDevice {
    /// The tags as the store's `tags` column holds them: the JSON object `storedJSON` writes
    /// for them (the other fields have columns of their own).
    public var storedTags: String { JSON.object(tags.mapValues(\.storedJSON)).rendered }

    /// Reads `storedTags`; nil for text it would not write (the caller decodes that one with
    /// `Codable`, as `init?(storedJSON:)`'s callers do).
    public static func tags(storedJSON text: String) -> [String: TagValue]? {
        guard case .object(let members)? = JSON.parse(text) else { return nil }
        var tags: [String: TagValue] = [:]
        for (key, value) in members {
            guard let tag = TagValue(storedJSON: value) else { return nil }
            tags[key] = tag
        }
        return tags
    }
}
