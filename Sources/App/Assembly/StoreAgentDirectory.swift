import EmbeddedNetwork
import Store

/// The embedded network's directory of NIC Switch agents when it serves several hosts: the
/// physnets of each host's device rows in the compute store they share (issue 12, one
/// network for the cluster). On a single host it lists that host only.
struct StoreAgentDirectory: AgentDirectory {
    let store: any ComputeStore

    func physicalNetworksByHost() async throws -> [String: Set<String>] {
        try await store.read { db in try PCIDeviceRecords.physicalNetworksByHost(in: db) }
    }
}
