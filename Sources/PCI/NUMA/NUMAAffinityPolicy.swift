/// Nova's `PCINUMAAffinityPolicy`: how strictly a device must share NUMA nodes with the
/// server. Applies only to servers that have a NUMA topology.
public enum NUMAAffinityPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only devices on the server's nodes. Never relaxed.
    case required
    /// The server's nodes; failing that, those plus devices with no NUMA information.
    case legacy
    /// As legacy, then any device, affine ones first.
    case preferred
    /// The server's nodes; failing that, any node on a socket the server uses.
    case socket

    /// Parses a port's `numa_affinity_policy` or a flavor's `hw:pci_numa_affinity_policy`.
    public init(parsing text: String, field: String) throws(PCIRequestError) {
        guard let policy = NUMAAffinityPolicy(rawValue: text.lowercased()) else {
            throw .invalidNUMAPolicy(field: field, value: text)
        }
        self = policy
    }
}
