/// A flavor: the size of a server and its extra specs (`hw:numa_nodes`,
/// `hw:pci_numa_affinity_policy`, …).
public struct Flavor: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var vcpus: Int
    public var ramMB: Int
    public var diskGB: Int
    public var ephemeralGB: Int
    public var swapMB: Int
    public var rxtxFactor: Double
    public var isPublic: Bool
    public var description: String?
    public var extraSpecs: [String: String]

    public init(
        id: String, name: String, vcpus: Int, ramMB: Int, diskGB: Int, ephemeralGB: Int = 0, swapMB: Int = 0,
        rxtxFactor: Double = 1.0, isPublic: Bool = true, description: String? = nil, extraSpecs: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.vcpus = vcpus
        self.ramMB = ramMB
        self.diskGB = diskGB
        self.ephemeralGB = ephemeralGB
        self.swapMB = swapMB
        self.rxtxFactor = rxtxFactor
        self.isPublic = isPublic
        self.description = description
        self.extraSpecs = extraSpecs
    }
}
