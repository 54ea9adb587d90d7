import Foundation

/// One host's hypervisor (`os-hypervisors`): one per host, as Nova's libvirt driver has one
/// compute node per service, with the servers on it and its PCI pools.
public struct HypervisorSummary: Sendable, Hashable {
    public struct HostedServer: Sendable, Hashable {
        public var id: UUID
        public var name: String

        public init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }
    }

    public var status: ComputeHostStatus
    public var servers: [HostedServer]
    /// The host's devices in pools, from its device rows in the shared database.
    public var pciPools: [PCIPoolSummary]

    public init(status: ComputeHostStatus, servers: [HostedServer], pciPools: [PCIPoolSummary]) {
        self.status = status
        self.servers = servers
        self.pciPools = pciPools
    }
}
