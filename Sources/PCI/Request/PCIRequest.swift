import Foundation

/// One request for PCI devices (Nova's `InstancePCIRequest`). Port requests always ask for
/// one device; `spec` is a list of alternatives, each a set of pool properties that must
/// all match.
public struct PCIRequest: Sendable, Hashable, Codable {
    public let count: Int
    public let spec: [[String: TagValue]]
    public let requestID: UUID
    /// The port id for port requests.
    public let requesterID: String?
    /// `nil` for port requests (flavor alias requests carry the alias name).
    public let aliasName: String?
    /// `nil` means legacy.
    public let numaPolicy: NUMAAffinityPolicy?
    /// The canonical spec with its hash computed once, so the claim engine's per-shape
    /// cache lookup does not re-hash strings on every claim.
    let specKey: RequestSpecKey

    public init(
        count: Int = 1, spec: [[String: TagValue]], requestID: UUID = UUID(), requesterID: String? = nil,
        aliasName: String? = nil, numaPolicy: NUMAAffinityPolicy? = nil
    ) throws(PCIRequestError) {
        guard count >= 1 else { throw .invalidCount(count) }
        self.count = count
        self.spec = spec
        self.requestID = requestID
        self.requesterID = requesterID
        self.aliasName = aliasName
        self.numaPolicy = numaPolicy
        self.specKey = RequestSpecKey(spec: spec)
    }

    public var effectiveNUMAPolicy: NUMAAffinityPolicy { numaPolicy ?? .legacy }

    /// The device type the request pins, if any (`direct-physical` → PF, `vdpa` → vdpa).
    public var requestedDeviceType: PCIDeviceType? {
        for alternative in spec {
            if case .string(let name)? = alternative["dev_type"], let type = PCIDeviceType(rawValue: name) {
                return type
            }
        }
        return nil
    }

    /// The physnet asked for (`nil` when absent or null, i.e. a tunnelled network).
    public var physicalNetwork: String? {
        spec.lazy.compactMap { $0["physical_network"]?.stringValue }.first
    }

    enum CodingKeys: String, CodingKey {
        case count, spec
        case requestID = "request_id"
        case requesterID = "requester_id"
        case aliasName = "alias_name"
        case numaPolicy = "numa_policy"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            count: container.decode(Int.self, forKey: .count),
            spec: container.decode([[String: TagValue]].self, forKey: .spec),
            requestID: container.decode(UUID.self, forKey: .requestID),
            requesterID: container.decodeIfPresent(String.self, forKey: .requesterID),
            aliasName: container.decodeIfPresent(String.self, forKey: .aliasName),
            numaPolicy: container.decodeIfPresent(NUMAAffinityPolicy.self, forKey: .numaPolicy))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(spec, forKey: .spec)
        try container.encode(requestID, forKey: .requestID)
        try container.encodeIfPresent(requesterID, forKey: .requesterID)
        try container.encodeIfPresent(aliasName, forKey: .aliasName)
        try container.encodeIfPresent(numaPolicy, forKey: .numaPolicy)
    }
}

/// A request spec in canonical form (keys sorted, strings lower-cased) with a precomputed
/// hash.
struct RequestSpecKey: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        let key: String
        let value: TagValue
    }

    let alternatives: [[Entry]]
    private let hash: Int

    init(spec: [[String: TagValue]]) {
        alternatives = spec.map { dict in
            dict.map { Entry(key: $0.key, value: $0.value.matchForm) }.sorted { $0.key < $1.key }
        }
        var hasher = Hasher()
        hasher.combine(alternatives)
        hash = hasher.finalize()
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    static func == (lhs: RequestSpecKey, rhs: RequestSpecKey) -> Bool {
        lhs.hash == rhs.hash && lhs.alternatives == rhs.alternatives
    }
}
