import Foundation

/// A claim the host cannot satisfy, with the stage that removed the last candidates and
/// what is free elsewhere, so the user learns *why* and an operator learns *where*.
public struct PCIClaimFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: Sendable, Equatable {
        /// No tracked device matches the request's physnet and tags.
        case noMatchingDevice(physnetsOnHost: [String])
        /// Devices match the tags but none is of the wanted type (e.g. only VFs for a PF).
        case deviceType(found: [PCIDeviceType: Int])
        /// Every candidate is in use: owned by servers, or blocked by its PF/VFs.
        case allInUse(owned: Int, blockedByDependency: Int, quarantined: Int)
        /// Candidates are free, but not on NUMA nodes the policy allows.
        case numaPolicy(policy: NUMAAffinityPolicy, freeByNode: [Int?: Int])
        /// Fewer free candidates than the request's count.
        case notEnough(free: Int)
        /// A pooled device refused the claim: the ledger contradicts itself.
        case inconsistentLedger(String)
    }

    public let instance: UUID
    public let requestID: UUID
    public let requesterID: String?
    public let count: Int
    public let physicalNetwork: TagValue?
    public let stage: Stage
    /// "VF", "PF", "vDPA device".
    public let wanted: String
    public let numaCells: [Int]?

    init(instance: UUID, request: PCIRequest, stage: Stage, wanted: String, numaCells: [Int]?) {
        self.instance = instance
        self.requestID = request.requestID
        self.requesterID = request.requesterID
        self.count = request.count
        self.physicalNetwork = request.spec.lazy.compactMap { $0["physical_network"] }.first
        self.stage = stage
        self.wanted = wanted
        self.numaCells = numaCells
    }

    /// Nova's message, then why. `context` completes Nova's sentence, e.g.
    /// "during interface attach".
    public func message(context: String? = nil) -> String {
        var head = "Failed to claim PCI device for \(instance.uuidString.lowercased())"
        if let context { head += " " + context }
        return head + ": " + reason
    }

    public var description: String { message() }

    /// The explanation alone, e.g. "no free VF on physnet2 on NUMA node 0 (policy
    /// required); 3 free on node 1".
    public var reason: String {
        let plural = wanted + "s"
        let network = networkPhrase
        switch stage {
        case .noMatchingDevice(let physnets):
            let known = physnets.isEmpty ? "no device here has a physical_network tag" : "physnets here: " + physnets.joined(separator: ", ")
            return "no \(wanted) \(network) is tracked on this host (\(known))"
        case .deviceType(let found):
            let listing = found.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.value) \(Self.typeWord($0.key, plural: $0.value != 1))" }.joined(separator: ", ")
            return "no \(wanted) \(network); only \(listing) match"
        case .allInUse(let owned, let blocked, let quarantined):
            var parts: [String] = []
            if owned > 0 { parts.append("\(owned) in use by servers") }
            if quarantined > 0 { parts.append("\(quarantined) quarantined") }
            if blocked > 0 {
                parts.append("\(blocked) unavailable because \(wanted == "PF" ? "some of their VFs are" : "their PF is") in use")
            }
            return "no free \(wanted) \(network): all \(owned + blocked + quarantined) \(plural) are taken ("
                + parts.joined(separator: ", ") + ")"
        case .numaPolicy(let policy, let freeByNode):
            let cells = (numaCells ?? []).map(String.init).joined(separator: ", ")
            let nodeWord = (numaCells ?? []).count == 1 ? "node" : "nodes"
            let elsewhere = freeByNode.sorted { ($0.key ?? -1) < ($1.key ?? -1) }
                .map { node, free in "\(free) free " + (node.map { "on node \($0)" } ?? "with no NUMA affinity") }
                .joined(separator: ", ")
            return "no free \(wanted) \(network) on NUMA \(nodeWord) \(cells) (numa_affinity_policy \(policy.rawValue)); \(elsewhere)"
        case .notEnough(let free):
            return "\(count) \(plural) \(network) requested, \(free) free"
        case .inconsistentLedger(let detail):
            return "the ledger refused a pooled device: \(detail)"
        }
    }

    private var networkPhrase: String {
        switch physicalNetwork {
        case .string(let name)?: "on \(name)"
        case nil: "for this request"
        default: "without a physical_network (tunnelled network)"
        }
    }

    static func typeWord(_ type: PCIDeviceType, plural: Bool) -> String {
        let word = switch type {
        case .physicalFunction: "PF"
        case .virtualFunction: "VF"
        case .vdpa: "vDPA device"
        case .pci: "PCI device"
        }
        return plural ? word + "s" : word
    }
}
