/// The host NUMA nodes a server is pinned to. Guest cell ids equal host node ids, as in
/// Nova, so a topology is just the set of host nodes.
public struct InstanceNUMATopology: Sendable, Hashable, Codable {
    /// Sorted, without duplicates.
    public let cells: [Int]

    public init(cells: [Int]) {
        self.cells = Array(Set(cells)).sorted()
    }

    public func contains(node: Int?) -> Bool {
        guard let node else { return false }
        return cells.contains(node)
    }
}
