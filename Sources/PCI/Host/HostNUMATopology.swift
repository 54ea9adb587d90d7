/// The host's NUMA nodes and the socket each sits on (`nil` when the host does not say).
public struct HostNUMATopology: Sendable, Hashable, Codable {
    public struct Node: Sendable, Hashable, Codable {
        public var id: Int
        public var socket: Int?
        public var cpus: [Int]

        public init(id: Int, socket: Int?, cpus: [Int] = []) {
            self.id = id
            self.socket = socket
            self.cpus = cpus
        }
    }

    /// Sorted by id.
    public var nodes: [Node]

    public init(nodes: [Node]) {
        self.nodes = nodes.sorted { $0.id < $1.id }
    }

    public static let none = HostNUMATopology(nodes: [])

    public func socket(ofNode id: Int) -> Int? {
        nodes.first { $0.id == id }?.socket
    }

    /// Nova's socket policy gives up when any host cell lacks socket information.
    public var hasSocketInformation: Bool {
        !nodes.isEmpty && nodes.allSatisfy { $0.socket != nil }
    }
}
