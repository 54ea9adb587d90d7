import EmbeddedNetwork
import GRDB
import JSONModel
import NetworkModel

/// An embedded network on an in-memory database, with one agent on `compute0` mapping
/// physnet1 and physnet2, and helpers for the networks most tests need (the network tests
/// and the Networking API tests share it).
public struct EmbeddedNetworkFixture: Sendable {
    public let database: DatabaseQueue
    public let agents: BindingAgents
    public let service: EmbeddedNetworkService

    public init(
        agents: [String: Set<String>] = ["compute0": ["physnet1", "physnet2"]],
        directory: (any AgentDirectory)? = nil,
        macGenerator: MACAddressGenerator = .random
    ) throws {
        database = try DatabaseQueue()
        try EmbeddedNetworkService.migrate(database)
        self.agents = BindingAgents(agents, directory: directory)
        service = EmbeddedNetworkService(database: database, agents: self.agents, macGenerator: macGenerator)
    }

    public static let alice = NetworkCaller(projectID: "alice-project", isAdmin: false)
    public static let bob = NetworkCaller(projectID: "bob-project", isAdmin: false)

    /// An admin-created VLAN provider network with a /24 subnet, owned by `project`.
    public func vlanNetwork(
        physnet: String = "physnet1", vlan: Int = 101, project: String = "alice-project", shared: Bool = false,
        cidr: String? = "10.99.0.0/24"
    ) async throws -> Network {
        let network = try await service.createNetwork(
            NetworkCreate(
                name: "vlan-\(vlan)", projectID: project, shared: shared, networkType: "vlan", physicalNetwork: physnet,
                segmentationID: vlan),
            caller: .admin)
        if let cidr {
            _ = try await service.createSubnet(SubnetCreate(networkID: network.id, projectID: project, cidr: cidr), caller: .admin)
        }
        return try await service.network(id: network.id, caller: .admin)
    }

    public func network(type: String, physnet: String? = nil, segmentationID: Int? = nil) async throws -> Network {
        try await service.createNetwork(
            NetworkCreate(
                name: type, projectID: "alice-project", networkType: type, physicalNetwork: physnet,
                segmentationID: segmentationID),
            caller: .admin)
    }

    public func port(on network: Network, vnicType: String = "direct", profile: [String: JSON]? = nil) async throws -> Port {
        try await service.createPort(
            PortCreate(networkID: network.id, projectID: network.projectID, vnicType: vnicType, bindingProfile: profile),
            caller: .admin)
    }

    /// Nova's attach PUT for a VF on `host`.
    public static func vfBinding(server: String = "server-1", host: String = "compute0") -> PortBinding {
        PortBinding(
            hostID: host, deviceID: server, deviceOwner: "compute:nova",
            profile: [
                "pci_vendor_info": "8086:154c", "pci_slot": "0000:81:10.2", "physical_network": "physnet1",
                "pf_mac_address": "52:54:00:1e:59:c6", "vf_num": 1,
            ])
    }
}
