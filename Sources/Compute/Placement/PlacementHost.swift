import ComputeModel
import Foundation
import PCI

/// One host as placement sees it in the shared database: its service row, its ledger, and
/// what the new server would get there.
public struct PlacementHost: Sendable {
    public var service: ComputeHost
    /// Its device rows (every status: the claim engine keeps only the free ones in pools).
    public var devices: [PCIDevice]
    public var numa: HostNUMATopology
    /// The servers it runs now (the spread weigher's second key).
    public var serverCount: Int
    /// The host NUMA nodes the server would be pinned to there (`hw:numa_nodes`), nil when
    /// the flavor asks for no topology.
    public var numaCells: [Int]?

    public init(service: ComputeHost, devices: [PCIDevice], numa: HostNUMATopology, serverCount: Int, numaCells: [Int]?) {
        self.service = service
        self.devices = devices
        self.numa = numa
        self.serverCount = serverCount
        self.numaCells = numaCells
    }
}

/// A host the server may go to, with the figures it was ranked by.
public struct PlacementCandidate: Sendable, Hashable, Codable {
    public var host: String
    /// Where to forward the create (`[cluster] peer_url`); nil: the host takes no calls.
    public var peerURL: String?
    /// Free devices that could serve the server's requests (more first).
    public var freeDevices: Int
    /// Servers the host runs (fewer first).
    public var servers: Int

    public init(host: String, peerURL: String?, freeDevices: Int, servers: Int) {
        self.host = host
        self.peerURL = peerURL
        self.freeDevices = freeDevices
        self.servers = servers
    }
}
